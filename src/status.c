#include "status.h"

#include <stdio.h>
#include <string.h>

#include "bundle.h"
#include "diag.h"
#include "lang.h"
#include "util.h"

struct VlStatus {
  char *path;
  double due;          /* the kiosk's clock when the next write is due */
  guint64 frames;      /* frames seen so far */
  double last_frame;   /* the kiosk's clock at the last frame; < 0: none yet */
  double reload_at;    /* ... at the last reload; < 0: none yet */
  char *reload_result; /* "ok" or "kept last good: why" */
  gboolean failing;    /* the last write failed (and was said) */
  /* The show's problems as it loaded: its list grows as slides are composed,
   * which follows what visitors chose to see, so later ones are not told. */
  gboolean counted;
  guint problems, errors, warnings;
};

VlStatus *vl_status_new(const char *path) {
  if (!path) return NULL;
  VlStatus *st = g_new0(VlStatus, 1);
  st->path = g_strdup(path);
  st->last_frame = st->reload_at = -1;
  char *dir = g_path_get_dirname(path);
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    /* Said here, once, with the path: the failing writes that follow are not
     * said again. */
    char *p = vl_printable(path), *d = vl_printable(dir);
    fprintf(stderr,
            "volante kiosk: --status %s: there is no folder %s; the kiosk runs and writes the status once it "
            "exists\n",
            p, d);
    g_free(p), g_free(d);
    st->failing = TRUE;
  }
  g_free(dir);
  return st;
}

void vl_status_free(VlStatus *st) {
  if (!st) return;
  g_free(st->path);
  g_free(st->reload_result);
  g_free(st);
}

void vl_status_frames(VlStatus *st, double now, guint64 frames) {
  if (!st || frames == st->frames) return;
  st->frames = frames;
  st->last_frame = now;
}

double vl_status_due(const VlStatus *st) { return st->due; }

void vl_status_reloaded(VlStatus *st, double now, const char *problem) {
  if (!st) return;
  g_free(st->reload_result);
  st->reload_result = problem ? g_strconcat("kept last good: ", problem, NULL) : g_strdup("ok");
  st->reload_at = now;
}

/* Counts the problems of a show new to ST (at start, after a reload). */
static void count(VlStatus *st, VlDiag *d) {
  st->counted = TRUE;
  st->problems = vl_diag_len(d);
  st->errors = st->warnings = 0;
  for (guint i = 0; i < st->problems; i++) {
    if (vl_diag_get(d, i)->severity == VL_ERROR)
      st->errors++;
    else
      st->warnings++;
  }
}

/* A past moment of the kiosk's clock, AT, as {"at": wall time in UTC,
 * "s_ago": seconds}: the wall time is now's less the time since. */
static void moment(GString *j, GDateTime *written, double now, double at) {
  double ago = MAX(now - at, 0) / 1000.0;
  GDateTime *t = g_date_time_add(written, -(GTimeSpan)(ago * G_TIME_SPAN_SECOND));
  char *iso = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
  g_string_append_printf(j, "{\"at\": \"%s\", \"s_ago\": %.1f", iso, ago);
  g_free(iso);
  g_date_time_unref(t);
}

void vl_status_loaded(VlStatus *st, VlShow *show) {
  if (st) count(st, vl_show_diag(show));
}

char *vl_status_json(VlStatus *st, double now, VlShow *show, const char *content_dir, const char *hours,
                     const char *update) {
  GDateTime *written = g_date_time_new_now_utc();
  GString *j = g_string_new("{\"version\": ");
  vl_json_string(j, VOLANTE_VERSION);
  guint64 cv = vl_bundle_installed_version(content_dir);
  g_string_append(j, ", \"content_version\": ");
  if (cv)
    g_string_append_printf(j, "%" G_GUINT64_FORMAT, cv);
  else
    g_string_append(j, "null");
  g_string_append(j, ", \"languages\": {\"loaded\": [");
  for (guint i = 0; i < vl_show_langs(show); i++) {
    if (i) g_string_append(j, ", ");
    vl_json_string(j, vl_lang_tag(vl_show_lang(show, i)));
  }
  /* The show's errors are its languages left out or kept as they were. */
  g_string_append(j, "], \"failed\": [");
  VlDiag *d = vl_show_diag(show);
  if (!st->counted) count(st, d);
  gboolean first = TRUE;
  for (guint i = 0; i < st->problems; i++) {
    const VlProblem *p = vl_diag_get(d, i);
    if (p->severity != VL_ERROR || !*p->lang) continue;
    g_string_append(j, first ? "{\"lang\": " : ", {\"lang\": ");
    first = FALSE;
    vl_json_string(j, p->lang);
    g_string_append(j, ", \"file\": ");
    vl_json_string(j, p->file);
    g_string_append_printf(j, ", \"line\": %d, \"problem\": ", p->line);
    vl_json_string(j, p->message);
    g_string_append(j, "}");
  }
  g_string_append_printf(j, "]}, \"problems\": {\"errors\": %u, \"warnings\": %u}, \"frames\": %" G_GUINT64_FORMAT,
                         st->errors, st->warnings, st->frames);
  g_string_append(j, ", \"last_frame\": ");
  if (st->last_frame >= 0) {
    moment(j, written, now, st->last_frame);
    g_string_append(j, "}");
  } else {
    g_string_append(j, "null");
  }
  g_string_append(j, ", \"last_reload\": ");
  if (st->reload_at >= 0) {
    moment(j, written, now, st->reload_at);
    g_string_append(j, ", \"result\": ");
    vl_json_string(j, st->reload_result);
    g_string_append(j, "}");
  } else {
    g_string_append(j, "null");
  }
  g_string_append(j, ", \"hours\": ");
  vl_json_string(j, hours);
  g_string_append_printf(j, ", \"uptime_s\": %.0f, \"update\": ", MAX(now, 0) / 1000.0);
  if (update && *update)
    vl_json_string(j, update);
  else
    g_string_append(j, "null");
  char *iso = g_date_time_format(written, "%Y-%m-%dT%H:%M:%SZ");
  g_string_append_printf(j, ", \"written\": \"%s\"}\n", iso);
  g_free(iso);
  g_date_time_unref(written);
  return g_string_free(j, FALSE);
}

void vl_status_write(VlStatus *st, double now, VlShow *show, const char *content_dir, const char *hours,
                     const char *update) {
  st->due = now + VL_STATUS_MS;
  char *json = vl_status_json(st, now, show, content_dir, hours, update);
  GError *err = NULL;
  gboolean ok = vl_write_atomic(st->path, json, strlen(json), &err);
  g_free(json);
  if (!ok && !st->failing) {
    char *p = vl_printable(err->message);
    fprintf(stderr, "volante kiosk: --status: %s (the kiosk goes on; said once)\n", p);
    g_free(p);
  } else if (ok && st->failing) {
    char *p = vl_printable(st->path);
    fprintf(stderr, "volante kiosk: --status %s is written again\n", p);
    g_free(p);
  }
  if (err) g_error_free(err);
  st->failing = !ok;
}
