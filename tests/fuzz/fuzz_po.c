/* Fuzz target: a PO file read with libgettextpo (which reads only files: the
 * input is written to es.po in a folder of /dev/shm), then each entry's
 * markup and its checks against the English of the shipped content. */
#include "catalog.h"
#include "content.h"
#include "fuzz.h"
#include "lint.h"

static const char *po_path;
static VlContent *content;

static void on_lint(VlSeverity sev, const char *kind, const char *message, void *data) {
  (void)sev, (void)data;
  if (!kind || !*kind) fuzz_fail("lint finding without a kind", message);
  fuzz_check_message(message, NULL);
  if (strchr(message, '\n')) fuzz_fail("lint message of more than one line", message);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  po_path = fuzz_shm_file("po", "es.po");
  GError *err = NULL;
  char *cdir = g_build_filename(VOLANTE_DATADIR, "content", NULL);
  content = vl_content_load(cdir, &err);
  g_free(cdir);
  if (!content) fuzz_fail("cannot load the shipped content", err->message);
  return 0;
}

static void check_entry(const char *key, const VlEntry *e) {
  if (!g_utf8_validate(key, -1, NULL) || !g_utf8_validate(e->msgid, -1, NULL) ||
      !g_utf8_validate(e->msgstr, -1, NULL) || (e->prev_msgid && !g_utf8_validate(e->prev_msgid, -1, NULL)))
    fuzz_fail("entry is not valid UTF-8", key);
  char *bad = vl_lint_markup(e->msgstr);
  if (bad) {
    fuzz_check_message(bad, NULL);
    if (strchr(bad, '\n')) fuzz_fail("markup message of more than one line", bad);
  }
  g_free(bad);
  const VlItem *it = vl_content_item(content, key);
  const char *source = it ? it->text : e->msgid;
  (void)vl_entry_stale(e, source);
  if (*e->msgstr) vl_lint_entry("es", source, e->msgstr, on_lint, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!g_file_set_contents(po_path, (const char *)data, (gssize)size, NULL)) fuzz_fail("cannot write", po_path);
  GError *err = NULL;
  VlCatalog *c = vl_catalog_load(po_path, &err);
  if (!c) {
    fuzz_check_error(err, po_path);
    g_error_free(err);
    return 0;
  }
  char **keys = vl_catalog_keys(c);
  for (char **k = keys; *k; k++) check_entry(*k, vl_catalog_lookup(c, *k));
  g_strfreev(keys);
  const char *lang = vl_catalog_header(c, "Language");
  if (lang && !g_utf8_validate(lang, -1, NULL)) fuzz_fail("header is not valid UTF-8", lang);
  vl_catalog_free(c);
  return 0;
}
