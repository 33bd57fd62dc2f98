/* Fuzz target: the layout reader (layouts/NAME.ini), then re-flow to
 * another paper and to a portrait screen. */
#include "fuzz.h"
#include "template.h"

#define PATH "fuzz-layouts/fuzz.ini"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  GError *err = NULL;
  VlTemplate *t = vl_template_parse((const char *)data, size, PATH, "fuzz", &err);
  if (!t) {
    fuzz_check_error(err, PATH);
    g_error_free(err);
    return 0;
  }
  if (!vl_template_set_paper(t, "a4", &err)) {
    fuzz_check_message(err->message, NULL);
    g_clear_error(&err);
  }
  vl_template_set_size(t, 1080, 1920);
  double w, h, m[4];
  vl_template_page_size(t, &w, &h);
  vl_template_margins(t, m);
  GPtrArray *frames = vl_template_frames(t);
  for (guint i = 0; i < frames->len; i++) {
    const VlFrame *f = g_ptr_array_index(frames, i);
    if (!vl_template_frame(t, f->name)) fuzz_fail("frame not found by its name", f->name);
  }
  vl_template_free(t);
  return 0;
}
