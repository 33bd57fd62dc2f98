/* Fuzz target: the content reader (content/volante.ini) and its [event]. */
#include "content.h"
#include "diag.h"
#include "event.h"
#include "fuzz.h"

#define DIR "fuzz-content"
#define PATH DIR "/volante.ini"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  GError *err = NULL;
  VlContent *c = vl_content_parse(DIR, (const char *)data, size, &err);
  if (!c) {
    fuzz_check_error(err, PATH);
    g_error_free(err);
    return 0;
  }
  GPtrArray *items = vl_content_items(c);
  for (guint i = 0; i < items->len; i++) {
    const VlItem *it = g_ptr_array_index(items, i);
    if (!g_utf8_validate(it->text, -1, NULL)) fuzz_fail("item text is not valid UTF-8", it->key);
  }
  VlDiag *diag = vl_diag_new();
  VlEvent *ev = vl_event_load(c, diag);
  for (guint i = 0; i < vl_diag_len(diag); i++) fuzz_check_message(vl_diag_get(diag, i)->message, NULL);
  static const char *const langs[] = {"en", "ar", "ja"};
  static const char *const fields[] = {"date", "time", "when"};
  for (size_t l = 0; ev && vl_event_ok(ev) && l < G_N_ELEMENTS(langs); l++)
    for (size_t f = 0; f < G_N_ELEMENTS(fields); f++) {
      char *v = vl_event_field(ev, fields[f], langs[l]);
      if (v && !g_utf8_validate(v, -1, NULL)) fuzz_fail("event field is not valid UTF-8", fields[f]);
      g_free(v);
    }
  vl_event_free(ev);
  vl_diag_free(diag);
  vl_content_free(c);
  return 0;
}
