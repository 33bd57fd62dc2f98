#include "kscript.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "files.h"
#include "lang.h"
#include "notify.h"
#include "script.h"
#include "util.h"

#define SCRIPT_LINE_MAX 65536 /* a script line longer than this is not a command */

static void draw_if_dirty(VlKiosk *k) {
  if (vl_kstate_dirty(vl_kiosk_state(k))) vl_kdraw_compose(vl_kiosk_draw(k), vl_kiosk_state(k));
}

/* Before a shot or a probe: the frame of now, a transition included. */
static void draw_now(VlKiosk *k) {
  VlKState *st = vl_kiosk_state(k);
  if (vl_kstate_dirty(st) || vl_kstate_moving(st)) vl_kdraw_compose(vl_kiosk_draw(k), st);
}

/* ---------------------------------------------------------------- shots */

/* The shot's "touch": attract mode's line, the language whose turn it is and
 * the language and text it shows (the English while it has no translation);
 * null when the line is not on screen. */
static void shot_touch(const VlKiosk *k, GString *j) {
  VlShow *show = vl_kiosk_show(k);
  const VlBox box = vl_show_touch_box(show);
  const char *text = NULL, *in = NULL;
  int lang = vl_kstate_touch_lang(vl_kiosk_state(k));
  if (lang >= 0 && box.w >= 1 && box.h >= 1) text = vl_show_touch_text(show, (guint)lang, &in);
  g_string_append(j, ", \"touch\": ");
  if (!text) {
    g_string_append(j, "null");
    return;
  }
  g_string_append(j, "{\"lang\": ");
  vl_json_string(j, vl_lang_tag(vl_show_lang(show, (guint)lang)));
  g_string_append(j, ", \"shown_in\": ");
  vl_json_string(j, in);
  g_string_append(j, ", \"text\": ");
  vl_json_string(j, text);
  g_string_append(j, "}");
}

/* The shot's "dots": the centre of each progress dot on the panel, its
 * radius, and whether it is the slide shown. */
static void shot_dots(const VlKiosk *k, GString *j) {
  const VlKDraw *d = vl_kiosk_draw(k);
  const VlKState *st = vl_kiosk_state(k);
  g_string_append(j, ", \"dots\": [");
  for (guint i = 0; i < vl_show_slides(vl_kiosk_show(k)); i++) {
    double x, y, r, px, py;
    vl_kdraw_dot(d, st, i, &x, &y, &r);
    vl_kdraw_to_panel(d, x, y, &px, &py);
    g_string_append_printf(j, "%s{\"x\": %.1f, \"y\": %.1f, \"r\": %.1f, \"on\": %s}", i ? ", " : "", px, py, r,
                           i == vl_kstate_slide(st) ? "true" : "false");
  }
  g_string_append(j, "]");
}

/* The shot's "notice": the staff notice on screen, when it goes (ms of the
 * kiosk's clock) and its strip on the panel; null when there is none. */
static void shot_notice(const VlKiosk *k, GString *j) {
  double until;
  const char *text = vl_kiosk_notice(k, &until);
  g_string_append(j, ", \"notice\": ");
  if (!text) {
    g_string_append(j, "null");
    return;
  }
  const VlKDraw *d = vl_kiosk_draw(k);
  VlBox b;
  vl_kdraw_notice(d, &b);
  double x1, y1, x2, y2;
  vl_kdraw_to_panel(d, b.x, b.y, &x1, &y1);
  vl_kdraw_to_panel(d, b.x + b.w, b.y + b.h, &x2, &y2);
  g_string_append(j, "{\"text\": ");
  vl_json_string(j, text);
  g_string_append_printf(j, ", \"until\": %.0f, \"x\": %d, \"y\": %d, \"w\": %d, \"h\": %d}", until, (int)MIN(x1, x2),
                         (int)MIN(y1, y2), (int)fabs(x2 - x1), (int)fabs(y2 - y1));
}

/* The shot's "buttons": each language's button, its rectangle on the panel. */
static void shot_buttons(const VlKiosk *k, GString *j) {
  const VlKDraw *d = vl_kiosk_draw(k);
  VlShow *show = vl_kiosk_show(k);
  g_string_append(j, ", \"buttons\": [");
  for (guint i = 0; i < vl_show_langs(show); i++) {
    VlBox b = vl_kdraw_button(d, i);
    /* The rectangle on the panel: its corners turned, then ordered. */
    double x1, y1, x2, y2;
    vl_kdraw_to_panel(d, b.x, b.y, &x1, &y1);
    vl_kdraw_to_panel(d, b.x + b.w, b.y + b.h, &x2, &y2);
    double x = MIN(x1, x2), y = MIN(y1, y2), w = fabs(x2 - x1), h = fabs(y2 - y1);
    const VlLang *l = vl_show_lang(show, i);
    char *id = g_strconcat("lang:", vl_lang_tag(l), NULL);
    g_string_append_printf(j, "%s{\"id\": ", i ? ", " : "");
    vl_json_string(j, id);
    g_string_append(j, ", \"label\": ");
    vl_json_string(j, vl_lang_autonym(l));
    g_string_append_printf(j, ", \"x\": %d, \"y\": %d, \"w\": %d, \"h\": %d}", (int)x, (int)y, (int)w, (int)h);
    g_free(id);
  }
  g_string_append(j, "]");
}

static gboolean shot(VlKiosk *k, const char *name, GError **err) {
  draw_now(k);
  const VlKState *st = vl_kiosk_state(k);
  VlShow *show = vl_kiosk_show(k);
  const char *dir = vl_kiosk_options(k)->shots;
  char *png = g_strdup_printf("%s/%s.png", dir, name);
  gboolean ok = vl_png_write(vl_kdraw_out(vl_kiosk_draw(k)), png, err);
  g_free(png);
  if (!ok) return FALSE;
  GString *j = g_string_new("{\"mode\": ");
  vl_json_string(j, vl_kstate_mode(st) == VL_KMODE_ATTRACT ? "attract" : "browse");
  /* The language and slide of the picture on the screen, in attract mode
   * too (mid-transition, the one that covers more of it). */
  guint lang, slide;
  vl_kstate_on_screen(st, &lang, &slide);
  g_string_append(j, ", \"lang\": ");
  vl_json_string(j, vl_lang_tag(vl_show_lang(show, lang)));
  g_string_append_printf(
      j, ", \"slide\": %u, \"slides\": %u, \"moving\": %s, \"hours\": \"%s\", \"frames\": %" G_GUINT64_FORMAT,
      slide + 1, vl_show_slides(show), vl_kstate_moving(st) ? "true" : "false",
      vl_kstate_closed(st) ? "closed" : "open", vl_kdraw_frames(vl_kiosk_draw(k)));
  shot_touch(k, j);
  shot_dots(k, j);
  shot_buttons(k, j);
  shot_notice(k, j);
  const char *notice = vl_kiosk_update_notice(k);
  if (notice) { /* the last bundle installed or refused, for staff */
    g_string_append(j, ", \"update\": ");
    vl_json_string(j, notice);
  }
  g_string_append(j, "}\n");
  char *json = g_strdup_printf("%s/%s.json", dir, name);
  ok = vl_write_atomic(json, j->str, j->len, err);
  g_free(json);
  g_string_free(j, TRUE);
  return ok;
}

/* ---------------------------------------------------------------- probes */

static int open_fds(void) {
  int n = 0;
  GDir *d = g_dir_open("/proc/self/fd", 0, NULL);
  if (!d) return -1;
  while (g_dir_read_name(d)) n++;
  g_dir_close(d);
  return n - 1; /* less the one reading the folder */
}

/* For a long test (tools/soak): one JSON line on stdout about the frame on
 * the screen and the process. "sum" tells frames apart; "blank" is a frame
 * whose slide (all but the language bar and the progress dots) is one flat
 * colour. */
static void probe(VlKiosk *k, int line) {
  draw_now(k);
  const VlKState *st = vl_kiosk_state(k);
  VlShow *show = vl_kiosk_show(k);
  cairo_surface_t *s = vl_kdraw_screen(vl_kiosk_draw(k));
  const unsigned char *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s), w = cairo_image_surface_get_width(s);
  int h = cairo_image_surface_get_height(s);
  VlBox bar = vl_show_bar(show), pr = vl_show_progress(show);
  guint64 sum = 14695981039346656037u; /* FNV-1a over the pixels */
  guint32 first = *(const guint32 *)data;
  gboolean flat = TRUE;
  for (int y = 0; y < h; y++) {
    const guint32 *row = (const guint32 *)(data + (gsize)y * stride);
    for (int x = 0; x < w; x++) {
      guint32 px = row[x] & 0xffffff;
      sum = (sum ^ px) * 1099511628211u;
      gboolean in_bar = x >= bar.x && x < bar.x + bar.w && y >= bar.y && y < bar.y + bar.h;
      gboolean in_dots = x >= pr.x && x < pr.x + pr.w && y >= pr.y && y < pr.y + pr.h;
      if (!in_bar && !in_dots && px != (first & 0xffffff)) flat = FALSE;
    }
  }
  printf("{\"line\": %d, \"ms\": %.0f, \"frames\": %" G_GUINT64_FORMAT ", \"mode\": \"%s\", \"lang\": ", line,
         vl_kstate_now(st), vl_kdraw_frames(vl_kiosk_draw(k)),
         vl_kstate_mode(st) == VL_KMODE_ATTRACT ? "attract" : "browse");
  guint lang, slide;
  vl_kstate_on_screen(st, &lang, &slide);
  GString *tag = g_string_new(NULL);
  vl_json_string(tag, vl_lang_tag(vl_show_lang(show, lang)));
  printf("%s, \"langs\": %u, \"slide\": %u, \"sum\": \"%016" G_GINT64_MODIFIER
         "x\", \"blank\": %s, \"rss_kb\": %ld, \"fds\": %d}\n",
         tag->str, vl_show_langs(show), slide + 1, sum, flat ? "true" : "false", vl_proc_status_kb("VmRSS:"),
         open_fds());
  g_string_free(tag, TRUE);
  fflush(stdout);
}

/* ---------------------------------------------------------------- steps */

/* A line of standard input (`--script -`) into BUF, without its newline;
 * FALSE at the end or, with ERR set, for a line that is not UTF-8 or too
 * long to be a command. */
static gboolean stdin_line(GString *buf, const char *path, int line, GError **err) {
  g_string_truncate(buf, 0);
  int c;
  while ((c = getchar()) != EOF && c != '\n') {
    if (buf->len >= SCRIPT_LINE_MAX) {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: a line longer than %d bytes", path, line,
                  SCRIPT_LINE_MAX);
      return FALSE;
    }
    g_string_append_c(buf, (char)c);
  }
  if (c == EOF && !buf->len) return FALSE;
  const char *bad = NULL;
  if (!g_utf8_validate(buf->str, (gssize)buf->len, &bad)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                *bad ? "%s:%d: invalid UTF-8 (byte 0x%02x)" : "%s:%d: contains a NUL byte", path, line,
                (unsigned char)*bad);
    return FALSE;
  }
  return TRUE;
}

/* Runs one step; 0, or 2 after a message. */
static int run_step(VlKiosk *k, const VlStep *s) {
  GError *err = NULL;
  VlKState *st = vl_kiosk_state(k);
  switch (s->kind) {
    case VL_STEP_TAP:
      vl_kiosk_gesture(k, s->x, s->y, s->x, s->y);
      vl_kdraw_compose(vl_kiosk_draw(k), st);
      break;
    case VL_STEP_DRAG:
      vl_kiosk_gesture(k, s->x, s->y, s->x2, s->y2);
      vl_kdraw_compose(vl_kiosk_draw(k), st);
      break;
    case VL_STEP_SWIPE:
      vl_kiosk_swipe(k, s->left);
      vl_kdraw_compose(vl_kiosk_draw(k), st);
      break;
    case VL_STEP_KEY:
      if (vl_kiosk_key(k, s->key)) vl_kdraw_compose(vl_kiosk_draw(k), st);
      break;
    case VL_STEP_WAIT:
      vl_kiosk_advance(k, vl_kstate_now(st) + s->ms);
      break;
    case VL_STEP_SLEEP: {
      /* Real time, for tests that change files while the kiosk runs. */
      double until = vl_now_ms() + s->ms;
      while (vl_now_ms() < until) {
        while (g_main_context_iteration(NULL, FALSE)) {
        }
        vl_notify_alive();
        g_usleep(5000);
      }
      draw_if_dirty(k);
      break;
    }
    case VL_STEP_RELOAD:
      /* Read the content again now, as the file monitors would after an
       * edit, without waiting in real time; what they noticed is this same
       * reload. */
      vl_kiosk_reload(k);
      draw_if_dirty(k);
      break;
    case VL_STEP_PROBE:
      probe(k, s->line);
      break;
    case VL_STEP_CLOCK:
      /* The wall clock jumps; the simulated time goes on from here. */
      vl_kstate_set_wall(st, s->local);
      vl_kiosk_tick(k);
      draw_if_dirty(k);
      break;
    case VL_STEP_SHOT:
      if (!shot(k, s->name, &err)) {
        fprintf(stderr, "volante kiosk: %s\n", err->message);
        g_error_free(err);
        return 2;
      }
      break;
  }
  return 0;
}

int vl_kscript_run(VlKiosk *k) {
  const VlKioskOptions *o = vl_kiosk_options(k);
  GError *err = NULL;
  int rc = 0;
  if (!strcmp(o->script, "-")) {
    /* Standard input, a step at a time as it comes: a program drives the
     * kiosk and reads what `probe` prints (tools/soak). */
    const char *path = "standard input";
    GString *buf = g_string_new(NULL);
    for (int line = 1; rc == 0 && stdin_line(buf, path, line, &err); line++) {
      VlStep *s = vl_script_parse_line(buf->str, line, path, o->width, o->height, &err);
      if (!s && err) break;
      if (s) rc = run_step(k, s);
      vl_step_free(s);
      vl_notify_alive();
    }
    g_string_free(buf, TRUE);
  } else {
    GPtrArray *steps = vl_script_load(o->script, o->width, o->height, &err);
    for (guint i = 0; steps && i < steps->len && rc == 0; i++) {
      rc = run_step(k, g_ptr_array_index(steps, i));
      vl_notify_alive();
    }
    if (steps) g_ptr_array_free(steps, TRUE);
  }
  if (err) {
    fprintf(stderr, "volante kiosk: %s\n", err->message);
    g_error_free(err);
    rc = 2;
  }
  return rc;
}
