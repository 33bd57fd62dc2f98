#include "content.h"

#include <pango/pango.h>
#include <string.h>

#include "event.h"
#include "ini.h"
#include "lang.h"
#include "lint.h"
#include "util.h"

struct VlContent {
  char *dir;
  char *path;
  VlIni *ini;
  GPtrArray *items;  /* VlItem*, owned */
  GHashTable *byKey; /* key -> VlItem* */
  char **langs;
  char *source;           /* source-lang as a BCP 47 tag */
  GHashTable *po_files;   /* tag -> DIR/po/NAME.po */
  GPtrArray *po_problems; /* PoProblem*: each PO file left out (list_langs) */
};

static const char *const contact_fields[] = {"phone", "web", "address", NULL};

static void item_free(gpointer p) {
  VlItem *it = p;
  g_free(it->key);
  g_free(it->section);
  g_free(it->field);
  g_free(it->text);
  g_free(it->note);
  g_free(it->rule);
  g_free(it);
}

static int lang_cmp(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct {
  char *path, *tag, *message; /* tag: the language the file names, or NULL */
} PoProblem;

static void po_problem_free(gpointer p) {
  PoProblem *pp = p;
  g_free(pp->path);
  g_free(pp->tag);
  g_free(pp->message);
  g_free(pp);
}

/* Takes MESSAGE. */
static void add_po_problem(VlContent *c, const char *path, const char *tag, char *message) {
  PoProblem *pp = g_new0(PoProblem, 1);
  pp->path = g_strdup(path);
  pp->tag = g_strdup(tag);
  pp->message = message;
  g_ptr_array_add(c->po_problems, pp);
}

/* The languages of DIR/po/ *.po: the source first, then the others by tag.
 * A file is named by its language's tag (pt-BR.po) or by the POSIX name
 * msginit gives it (pt_BR.po). A file whose name is no language, or names a
 * language another file names too, is left out and kept in c->po_problems:
 * one bad file never stops the others. */
static void list_langs(VlContent *c) {
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  char *podir = g_build_filename(c->dir, "po", NULL);
  GDir *d = g_dir_open(podir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));)
    if (g_str_has_suffix(n, ".po") && n[0] != '.') g_ptr_array_add(names, g_strndup(n, strlen(n) - 3));
  if (d) g_dir_close(d);
  g_ptr_array_sort(names, lang_cmp);
  GPtrArray *found = g_ptr_array_new();
  /* Two passes: a file named by the tag itself wins over a POSIX-named one. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < names->len; i++) {
      const char *stem = g_ptr_array_index(names, i);
      char *file = g_strconcat(stem, ".po", NULL);
      char *path = g_build_filename(podir, file, NULL);
      GError *e = NULL;
      char *tag = vl_lang_canonical(stem, &e);
      if (!tag && pass == 0) {
        add_po_problem(c, path, NULL, g_strdup_printf("file name: %s", e->message));
      } else if (tag && (pass == 0) == !strcmp(tag, stem)) {
        const char *other = g_hash_table_lookup(c->po_files, tag);
        if (!strcmp(tag, c->source)) {
          /* The source language's own PO file (en.po) is not a translation. */
        } else if (other) {
          char *base = g_path_get_basename(other);
          add_po_problem(c, path, tag,
                         g_strdup_printf("file name: %s is %s, as %s is: only %s is read; merge the two and remove one",
                                         stem, tag, base, base));
          g_free(base);
        } else {
          g_hash_table_insert(c->po_files, g_strdup(tag), g_strdup(path));
          g_ptr_array_add(found, g_strdup(tag));
        }
      }
      g_clear_error(&e);
      g_free(tag);
      g_free(path);
      g_free(file);
    }
  g_free(podir);
  g_ptr_array_free(names, TRUE);
  g_ptr_array_sort(found, lang_cmp);
  g_ptr_array_insert(found, 0, g_strdup(c->source));
  g_ptr_array_add(found, NULL);
  c->langs = (char **)g_ptr_array_free(found, FALSE);
}

/* Keys that are not text but say something about a field: FIELD-note, a
 * note for translators, and FIELD-translation, how to treat a name. */
static const char *const about_suffixes[] = {"-note", "-translation", NULL};
static const char *const rules[] = {"keep", "transliterate", "translate", NULL};

static gboolean is_about_field(const char *key) {
  for (int i = 0; about_suffixes[i]; i++)
    if (g_str_has_suffix(key, about_suffixes[i]) && strlen(key) > strlen(about_suffixes[i])) return TRUE;
  return FALSE;
}

static gboolean read_about(VlContent *c, const char *section, const char *key, GError **err) {
  const char *dash = strrchr(key, '-');
  char *field = g_strndup(key, (gsize)(dash - key));
  char *item_key = strcmp(field, "text") == 0 ? g_strdup(section) : g_strdup_printf("%s.%s", section, field);
  VlItem *it = g_hash_table_lookup(c->byKey, item_key);
  const char *value = vl_ini_get(c->ini, section, key);
  int line = vl_ini_line(c->ini, section, key);
  gboolean ok = TRUE;
  if (!it) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: %s is about a field \"%s\" that [%s] does not have",
                c->path, line, key, field, section);
    ok = FALSE;
  } else if (!strcmp(dash, "-note")) {
    g_free(it->note);
    it->note = g_strdup(value);
  } else if (!g_strv_contains(rules, value)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: %s must be keep, transliterate or translate, not \"%s\"",
                c->path, line, key, value);
    ok = FALSE;
  } else {
    g_free(it->rule);
    it->rule = g_strdup(value);
  }
  g_free(item_key);
  g_free(field);
  return ok;
}

/* The content of DIR from INI (taken), read from PATH (taken). */
static VlContent *content_read(const char *dir, char *path, VlIni *ini, GError **err);

/* The messages of content_read quote names and values of the file, which
 * may hold a tab or (unescaped by GKeyFile) a newline: one printable line. */
static VlContent *content_read_shown(const char *dir, char *path, VlIni *ini, GError **err) {
  GError *e = NULL;
  VlContent *c = content_read(dir, path, ini, &e);
  vl_propagate_printable(err, e);
  return c;
}

static VlContent *content_read(const char *dir, char *path, VlIni *ini, GError **err) {
  if (!ini) {
    g_free(path);
    return NULL;
  }
  VlContent *c = g_new0(VlContent, 1);
  c->dir = g_strdup(dir);
  c->path = path;
  c->ini = ini;
  c->items = g_ptr_array_new_with_free_func(item_free);
  c->byKey = g_hash_table_new(g_str_hash, g_str_equal);
  c->po_files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  c->po_problems = g_ptr_array_new_with_free_func(po_problem_free);
  char **groups = vl_ini_groups(ini);
  for (int g = 0; groups[g]; g++) {
    if (strcmp(groups[g], "volante") == 0) continue;
    char **keys = vl_ini_keys(ini, groups[g]);
    for (int k = 0; keys[k]; k++) {
      if (is_about_field(keys[k])) continue; /* read with the field it is about, below */
      VlItem *it = g_new0(VlItem, 1);
      it->section = g_strdup(groups[g]);
      it->field = g_strdup(keys[k]);
      it->key = strcmp(keys[k], "text") == 0 ? g_strdup(groups[g]) : g_strdup_printf("%s.%s", groups[g], keys[k]);
      it->text = g_strdup(vl_ini_get(ini, groups[g], keys[k]));
      it->line = vl_ini_line(ini, groups[g], keys[k]);
      it->translatable = !g_strv_contains(contact_fields, keys[k]) &&
                         !(strcmp(groups[g], "event") == 0 && vl_event_untranslated(keys[k]));
      g_ptr_array_add(c->items, it);
      if (g_hash_table_contains(c->byKey, it->key)) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: key %s is defined twice", path, it->line, it->key);
        g_strfreev(keys);
        vl_content_free(c);
        return NULL;
      }
      g_hash_table_insert(c->byKey, it->key, it);
      char *bad = it->translatable ? vl_lint_markup(it->text) : NULL;
      if (bad) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: %s: %s", path, it->line, it->key, bad);
        g_free(bad);
        g_strfreev(keys);
        vl_content_free(c);
        return NULL;
      }
    }
    gboolean ok = TRUE;
    for (int k = 0; ok && keys[k]; k++)
      if (is_about_field(keys[k])) ok = read_about(c, groups[g], keys[k], err);
    g_strfreev(keys);
    if (!ok) {
      vl_content_free(c);
      return NULL;
    }
  }
  /* An organizer may write the POSIX name (en_US) a locale setting shows. */
  const char *src = vl_ini_get(ini, "volante", "source-lang");
  GError *le = NULL;
  c->source = vl_lang_canonical(src && *src ? src : "en", &le);
  if (!c->source) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: source-lang: %s", path,
                vl_ini_line(ini, "volante", "source-lang"), le->message);
    g_error_free(le);
    vl_content_free(c);
    return NULL;
  }
  list_langs(c);
  return c;
}

VlContent *vl_content_load(const char *dir, GError **err) {
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such content folder", dir);
    return NULL;
  }
  char *path = g_build_filename(dir, "volante.ini", NULL);
  return content_read_shown(dir, path, vl_ini_load(path, err), err);
}

VlContent *vl_content_parse(const char *dir, const char *data, gsize len, GError **err) {
  char *path = g_build_filename(dir, "volante.ini", NULL);
  return content_read_shown(dir, path, vl_ini_parse(data, len, path, err), err);
}

void vl_content_free(VlContent *c) {
  if (!c) return;
  g_free(c->dir);
  g_free(c->path);
  vl_ini_free(c->ini);
  g_hash_table_destroy(c->byKey);
  g_ptr_array_free(c->items, TRUE);
  g_strfreev(c->langs);
  g_free(c->source);
  g_hash_table_destroy(c->po_files);
  g_ptr_array_free(c->po_problems, TRUE);
  g_free(c);
}

const char *vl_content_dir(const VlContent *c) { return c->dir; }
const char *vl_content_path(const VlContent *c) { return c->path; }

const char *vl_content_meta(const VlContent *c, const char *name) {
  const char *v = vl_ini_get(c->ini, "volante", name);
  return v ? v : "";
}

const char *vl_content_source_lang(const VlContent *c) { return c->source; }

const VlItem *vl_content_item(const VlContent *c, const char *key) { return g_hash_table_lookup(c->byKey, key); }
GPtrArray *vl_content_items(const VlContent *c) { return c->items; }

gboolean vl_content_has_section(const VlContent *c, const char *section) {
  return vl_ini_line(c->ini, section, NULL) > 0;
}

char **vl_content_group(const VlContent *c, const char *prefix) {
  GPtrArray *out = g_ptr_array_new();
  char *pre = g_strconcat(prefix, ".", NULL);
  char **groups = vl_ini_groups(c->ini);
  for (int g = 0; groups[g]; g++)
    if (g_str_has_prefix(groups[g], pre) && !strchr(groups[g] + strlen(pre), '.'))
      g_ptr_array_add(out, g_strdup(groups[g]));
  g_free(pre);
  g_ptr_array_add(out, NULL);
  return (char **)g_ptr_array_free(out, FALSE);
}

char **vl_content_langs(const VlContent *c) { return c->langs; }

char *vl_content_po_path(const VlContent *c, const char *lang) {
  const char *found = g_hash_table_lookup(c->po_files, lang);
  if (found) return g_strdup(found);
  char *name = g_strconcat(lang, ".po", NULL);
  char *p = g_build_filename(c->dir, "po", name, NULL);
  g_free(name);
  return p;
}

void vl_content_report_po(const VlContent *c, VlDiag *diag, const char *const *tags) {
  for (guint i = 0; i < c->po_problems->len; i++) {
    const PoProblem *pp = g_ptr_array_index(c->po_problems, i);
    if (!tags || (pp->tag && g_strv_contains(tags, pp->tag)))
      vl_diag_add(diag, VL_ERROR, "language", pp->tag, "", "", pp->path, 1, "%s", pp->message);
  }
}
