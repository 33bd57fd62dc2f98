/* Fuzz target: the headless kiosk's test script (kiosk --headless --script). */
#include <math.h>

#include "fuzz.h"
#include "script.h"

#define PATH "fuzz-kiosk/script"
#define W 960
#define H 540

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  GError *err = NULL;
  GPtrArray *steps = vl_script_parse((const char *)data, size, PATH, W, H, &err);
  if (!steps) {
    fuzz_check_error(err, PATH);
    if (strchr(err->message, '\n')) fuzz_fail("script message of more than one line", err->message);
    g_error_free(err);
    return 0;
  }
  for (guint i = 0; i < steps->len; i++) {
    const VlStep *s = g_ptr_array_index(steps, i);
    if (s->line < 1) fuzz_fail("step without a line", "");
    switch (s->kind) {
      case VL_STEP_TAP:
        if (!(s->x >= 0 && s->x < W && s->y >= 0 && s->y < H)) fuzz_fail("tap outside the screen", "");
        break;
      case VL_STEP_WAIT:
        if (!isfinite(s->ms) || s->ms < 0 || s->ms > 86400000) fuzz_fail("wait out of range", "");
        break;
      case VL_STEP_SLEEP:
        if (!isfinite(s->ms) || s->ms < 0 || s->ms > 600000) fuzz_fail("sleep out of range", "");
        break;
      case VL_STEP_SHOT:
        if (!s->name || !*s->name) fuzz_fail("shot without a name", "");
        break;
      default:
        break;
    }
  }
  g_ptr_array_free(steps, TRUE);
  return 0;
}
