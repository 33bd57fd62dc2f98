#include "ready.h"

#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "lint.h"

const char *vl_ready_state_name(VlReadyState s) { return s == VL_READY ? "ready" : s == VL_DRAFT ? "draft" : "broken"; }

void vl_readiness_of(VlContent *c, const char *lang, VlReadiness *r) {
  memset(r, 0, sizeof *r);
  GPtrArray *items = vl_content_items(c);
  int total = 0, done = 0, reviewed = 0;
  gboolean source = strcmp(lang, vl_content_source_lang(c)) == 0;
  VlCatalog *cat = NULL;
  if (!source) {
    GError *err = NULL;
    char *po = vl_content_po_path(c, lang);
    cat = vl_catalog_load(po, &err);
    g_free(po);
    if (!cat) {
      r->state = VL_BROKEN;
      r->why = g_strdup(err->message);
      g_error_free(err);
      return;
    }
  }
  for (guint i = 0; i < items->len; i++) {
    const VlItem *it = g_ptr_array_index(items, i);
    if (!it->translatable || !*it->text) continue;
    total++;
    const VlEntry *e = cat ? vl_catalog_lookup(cat, it->key) : NULL;
    if (source) {
      done++, reviewed++;
      continue;
    }
    if (!e || !*e->msgstr) continue;
    done++;
    if (e->fuzzy)
      r->drafts++;
    else
      reviewed++;
    if (vl_entry_stale(e, it->text) || vl_lint_errors(lang, it->text, e->msgstr) > 0) r->errors++;
  }
  if (cat) vl_catalog_free(cat);
  /* Rounded down, so that 99.6% never shows as a ready-looking 100%. */
  r->translated = total ? 100 * done / total : 100;
  r->reviewed = total ? 100 * reviewed / total : 100;
  r->state = reviewed == total && r->errors == 0 ? VL_READY : VL_DRAFT;
}

void vl_readiness_clear(VlReadiness *r) {
  g_free(r->why);
  r->why = NULL;
}

char **vl_ready_filter(VlContent *c, char **specs) {
  char **list = specs ? specs : vl_content_langs(c);
  GPtrArray *out = g_ptr_array_new();
  /* Each language's state, read once however many pairs name it (es+en, es+ko). */
  GHashTable *states = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; list[i]; i++) {
    char **parts = g_strsplit(list[i], "+", -1);
    const char *not_ready = NULL;
    VlReadyState state = VL_READY;
    for (int k = 0; parts[k] && !not_ready; k++) {
      gpointer known;
      if (g_hash_table_lookup_extended(states, parts[k], NULL, &known)) {
        state = (VlReadyState)GPOINTER_TO_INT(known);
      } else {
        VlReadiness r;
        vl_readiness_of(c, parts[k], &r);
        state = r.state;
        vl_readiness_clear(&r);
        g_hash_table_insert(states, g_strdup(parts[k]), GINT_TO_POINTER(state));
      }
      if (state != VL_READY) not_ready = parts[k];
    }
    if (not_ready)
      fprintf(stderr, "volante: %s left out (--ready-only): %s%s\n", list[i], not_ready,
              state == VL_BROKEN ? " cannot be read" : " is a draft (volante langs shows how far it is)");
    else
      g_ptr_array_add(out, g_strdup(list[i]));
    g_strfreev(parts);
  }
  g_hash_table_destroy(states);
  if (!out->len) {
    g_ptr_array_free(out, TRUE);
    return NULL;
  }
  g_ptr_array_add(out, NULL);
  return (char **)g_ptr_array_free(out, FALSE);
}
