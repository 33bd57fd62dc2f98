#include "annotate.h"

#include <string.h>

#include "util.h"

#define MARK "# volante: "

/* The msgctxt of the entry whose keyword line is LINES[I], or NULL. */
static char *entry_key(char **lines, int i) {
  if (strncmp(lines[i], "msgctxt \"", 9) != 0) return NULL;
  GString *k = g_string_new(NULL);
  for (int j = i; lines[j] && (j == i || lines[j][0] == '"'); j++) {
    const char *p = strchr(lines[j], '"');
    for (p = p ? p + 1 : ""; *p && *p != '"'; p++) {
      if (*p == '\\' && p[1]) p++;
      g_string_append_c(k, *p);
    }
  }
  return g_string_free(k, FALSE);
}

/* NOTES: key -> GPtrArray of comment texts, already sorted. */
static gboolean rewrite(const char *path, GHashTable *notes, gboolean *changed, GError **err) {
  gsize len = 0;
  char *text = vl_read_utf8(path, &len, err);
  if (!text) return FALSE;
  char **lines = g_strsplit(text, "\n", -1);
  GString *out = g_string_sized_new(len + 256);
  /* Lines held back while a comment block is read, since the block's entry
   * (and so its notes) is only known at the keyword line after it. */
  GPtrArray *block = g_ptr_array_new();
  for (int i = 0; lines[i]; i++) {
    const char *l = lines[i];
    gboolean last = lines[i + 1] == NULL;
    if (g_str_has_prefix(l, MARK)) continue; /* ours: written anew below */
    if (l[0] == '#' && !g_str_has_prefix(l, "#~")) {
      g_ptr_array_add(block, (gpointer)l);
      continue;
    }
    char *key = entry_key(lines, i);
    GPtrArray *mine = key ? g_hash_table_lookup(notes, key) : NULL;
    for (guint k = 0; mine && k < mine->len; k++)
      g_string_append_printf(out, "%s%s\n", MARK, (char *)g_ptr_array_index(mine, k));
    for (guint k = 0; k < block->len; k++) g_string_append_printf(out, "%s\n", (char *)g_ptr_array_index(block, k));
    g_ptr_array_set_size(block, 0);
    g_string_append(out, l);
    if (!last) g_string_append_c(out, '\n');
    g_free(key);
  }
  for (guint k = 0; k < block->len; k++) g_string_append_printf(out, "%s\n", (char *)g_ptr_array_index(block, k));
  g_ptr_array_free(block, TRUE);
  gboolean ok = TRUE;
  *changed = out->len != len || memcmp(out->str, text, len) != 0;
  if (*changed) ok = vl_write_over(path, text, len, out->str, out->len, err);
  g_string_free(out, TRUE);
  g_strfreev(lines);
  g_free(text);
  return ok;
}

static int by_text(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int vl_annotate(VlDiag *diag, char **po_files) {
  GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_destroy);
  for (int i = 0; po_files && po_files[i]; i++)
    g_hash_table_insert(files, g_strdup(po_files[i]),
                        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref));
  for (guint i = 0; i < vl_diag_len(diag); i++) {
    const VlProblem *p = vl_diag_get(diag, i);
    /* Drafts are already flagged fuzzy in the file; the rest is news to the translator. */
    if (!g_str_has_suffix(p->file, ".po") || !*p->key || !p->line || !strcmp(p->kind, "draft")) continue;
    GHashTable *notes = g_hash_table_lookup(files, p->file);
    if (!notes) {
      notes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
      g_hash_table_insert(files, g_strdup(p->file), notes);
    }
    GPtrArray *list = g_hash_table_lookup(notes, p->key);
    if (!list) {
      list = g_ptr_array_new_with_free_func(g_free);
      g_hash_table_insert(notes, g_strdup(p->key), list);
    }
    char *msg = g_strdelimit(g_strdup(p->message), "\n\r", ' ');
    char *note =
        *p->layout ? g_strdup_printf("%s in %s: %s", p->kind, p->layout, msg) : g_strdup_printf("%s: %s", p->kind, msg);
    g_free(msg);
    gboolean dup = FALSE;
    for (guint k = 0; k < list->len && !dup; k++) dup = !strcmp(g_ptr_array_index(list, k), note);
    if (dup)
      g_free(note);
    else
      g_ptr_array_add(list, note);
  }
  int changed_files = 0;
  GHashTableIter it;
  gpointer path, notes;
  g_hash_table_iter_init(&it, files);
  gboolean ok = TRUE;
  while (g_hash_table_iter_next(&it, &path, &notes)) {
    GHashTableIter in;
    gpointer k, list;
    g_hash_table_iter_init(&in, notes);
    while (g_hash_table_iter_next(&in, &k, &list)) g_ptr_array_sort(list, by_text);
    gboolean changed = FALSE;
    GError *e = NULL;
    if (!rewrite(path, notes, &changed, &e)) {
      /* One file that cannot be written does not keep the notes from the others. */
      const char *why = g_str_has_prefix(e->message, path) && !strncmp(e->message + strlen(path), ": ", 2)
                            ? e->message + strlen(path) + 2
                            : e->message;
      char *lang = g_path_get_basename(path);
      if (g_str_has_suffix(lang, ".po")) lang[strlen(lang) - 3] = '\0';
      vl_diag_add(diag, VL_ERROR, "output", lang, "", "", path, 0, "the notes were not written: %s", why);
      g_free(lang);
      g_error_free(e);
      ok = FALSE;
    } else if (changed) {
      changed_files++;
    }
  }
  g_hash_table_destroy(files);
  return ok ? changed_files : -1;
}
