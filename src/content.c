#include "content.h"

#include <pango/pango.h>
#include <string.h>

#include "ini.h"
#include "lint.h"
#include "util.h"

struct VlContent {
  char *dir;
  char *path;
  VlIni *ini;
  GPtrArray *items;  /* VlItem*, owned */
  GHashTable *byKey; /* key -> VlItem* */
  char **langs;
};

static const char *const contact_fields[] = {"phone", "web", "address", NULL};

static void item_free(gpointer p) {
  VlItem *it = p;
  g_free(it->key);
  g_free(it->section);
  g_free(it->field);
  g_free(it->text);
  g_free(it);
}

static int lang_cmp(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static char **list_langs(const char *dir, const char *source) {
  GPtrArray *l = g_ptr_array_new();
  g_ptr_array_add(l, g_strdup(source));
  char *podir = g_build_filename(dir, "po", NULL);
  GDir *d = g_dir_open(podir, 0, NULL);
  GPtrArray *found = g_ptr_array_new();
  if (d) {
    for (const char *n; (n = g_dir_read_name(d));) {
      if (!g_str_has_suffix(n, ".po") || n[0] == '.') continue;
      char *code = g_strndup(n, strlen(n) - 3);
      if (strcmp(code, source) == 0)
        g_free(code);
      else
        g_ptr_array_add(found, code);
    }
    g_dir_close(d);
  }
  g_free(podir);
  g_ptr_array_sort(found, lang_cmp);
  for (guint i = 0; i < found->len; i++) g_ptr_array_add(l, g_ptr_array_index(found, i));
  g_ptr_array_free(found, TRUE);
  g_ptr_array_add(l, NULL);
  return (char **)g_ptr_array_free(l, FALSE);
}

VlContent *vl_content_load(const char *dir, GError **err) {
  char *path = g_build_filename(dir, "volante.ini", NULL);
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such content folder", dir);
    g_free(path);
    return NULL;
  }
  VlIni *ini = vl_ini_load(path, err);
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
  char **groups = vl_ini_groups(ini);
  for (int g = 0; groups[g]; g++) {
    if (strcmp(groups[g], "volante") == 0) continue;
    char **keys = vl_ini_keys(ini, groups[g]);
    for (int k = 0; keys[k]; k++) {
      VlItem *it = g_new0(VlItem, 1);
      it->section = g_strdup(groups[g]);
      it->field = g_strdup(keys[k]);
      it->key = strcmp(keys[k], "text") == 0 ? g_strdup(groups[g]) : g_strdup_printf("%s.%s", groups[g], keys[k]);
      it->text = g_strdup(vl_ini_get(ini, groups[g], keys[k]));
      it->line = vl_ini_line(ini, groups[g], keys[k]);
      it->translatable = !g_strv_contains(contact_fields, keys[k]);
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
    g_strfreev(keys);
  }
  c->langs = list_langs(dir, vl_content_source_lang(c));
  return c;
}

void vl_content_free(VlContent *c) {
  if (!c) return;
  g_free(c->dir);
  g_free(c->path);
  vl_ini_free(c->ini);
  g_hash_table_destroy(c->byKey);
  g_ptr_array_free(c->items, TRUE);
  g_strfreev(c->langs);
  g_free(c);
}

const char *vl_content_dir(const VlContent *c) { return c->dir; }
const char *vl_content_path(const VlContent *c) { return c->path; }

const char *vl_content_meta(const VlContent *c, const char *name) {
  const char *v = vl_ini_get(c->ini, "volante", name);
  return v ? v : "";
}

const char *vl_content_source_lang(const VlContent *c) {
  const char *v = vl_content_meta(c, "source-lang");
  return *v ? v : "en";
}

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
  char *name = g_strconcat(lang, ".po", NULL);
  char *p = g_build_filename(c->dir, "po", name, NULL);
  g_free(name);
  return p;
}

static void po_quote(GString *s, const char *text) {
  g_string_append_c(s, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_printf(s, "\\%c", *p);
    else if (*p == '\n')
      g_string_append(s, "\\n");
    else
      g_string_append_c(s, *p);
  }
  g_string_append_c(s, '"');
}

int vl_content_extract(const VlContent *c, GError **err) {
  GString *s = g_string_new(
      "# Translation template for volante: the campaign text to translate.\n"
      "# Each msgctxt is a content key of volante.ini; keep the Pango markup (<b>...</b>).\n"
      "msgid \"\"\n"
      "msgstr \"\"\n"
      "\"Project-Id-Version: volante\\n\"\n"
      "\"MIME-Version: 1.0\\n\"\n"
      "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      "\"Content-Transfer-Encoding: 8bit\\n\"\n");
  int n = 0;
  char *base = g_path_get_basename(c->path);
  for (guint i = 0; i < c->items->len; i++) {
    const VlItem *it = g_ptr_array_index(c->items, i);
    if (!it->translatable || !*it->text) continue;
    g_string_append_printf(s, "\n#: %s:%d\nmsgctxt ", base, it->line);
    po_quote(s, it->key);
    g_string_append(s, "\nmsgid ");
    po_quote(s, it->text);
    g_string_append(s, "\nmsgstr \"\"\n");
    n++;
  }
  g_free(base);
  char *podir = g_build_filename(c->dir, "po", NULL);
  g_mkdir_with_parents(podir, 0755);
  char *pot = g_build_filename(podir, "volante.pot", NULL);
  gboolean ok = vl_write_atomic(pot, s->str, s->len, err);
  g_free(pot);
  g_free(podir);
  g_string_free(s, TRUE);
  return ok ? n : -1;
}
