#include "script.h"

#include <SDL.h>
#include <string.h>

#include "util.h"

void vl_step_free(VlStep *s) {
  if (!s) return;
  g_free(s->name);
  g_free(s);
}

static void step_free(gpointer p) { vl_step_free(p); }

/* A number of milliseconds from 0 to MAX; NaN and infinities are not. */
static gboolean read_ms(const char *word, double max, double *ms) {
  char *end = NULL;
  *ms = g_ascii_strtod(word, &end);
  return end != word && !*end && *ms >= 0 && *ms <= max;
}

static gboolean read_coord(const char *word, double limit, double *v) {
  char *end = NULL;
  *v = g_ascii_strtod(word, &end);
  return end != word && !*end && *v >= 0 && *v < limit;
}

/* "YYYY-MM-DDTHH:MM", a day that exists, as wall-clock seconds since 1970. */
static gboolean read_clock(const char *word, gint64 *local) {
  int y, mo, d, h, mi, end = -1;
  if (strlen(word) != 16 || sscanf(word, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &end) != 5 || end != 16)
    return FALSE;
  if (y < 1970 || h > 23 || mi > 59) return FALSE;
  /* UTC only as a calendar: the kiosk reads weekday and time from it. */
  GDateTime *t = g_date_time_new_utc(y, mo, d, h, mi, 0);
  if (!t) return FALSE;
  *local = g_date_time_to_unix(t);
  g_date_time_unref(t);
  return TRUE;
}

/* One line L (stripped, not empty), split into its N words W. */
static gboolean read_step(VlStep *s, char **w, int n, const char *l, const char *path, double width, double height,
                          GError **err) {
  const char *cmd = w[0];
  if (!strcmp(cmd, "tap") && n == 3) {
    s->kind = VL_STEP_TAP;
    if (read_coord(w[1], width, &s->x) && read_coord(w[2], height, &s->y)) return TRUE;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: tap needs X Y inside the screen, got \"%s\"", path,
                s->line, l);
  } else if (!strcmp(cmd, "drag") && n == 5) {
    s->kind = VL_STEP_DRAG;
    if (read_coord(w[1], width, &s->x) && read_coord(w[2], height, &s->y) && read_coord(w[3], width, &s->x2) &&
        read_coord(w[4], height, &s->y2))
      return TRUE;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: drag needs X1 Y1 X2 Y2 inside the screen, got \"%s\"",
                path, s->line, l);
  } else if (!strcmp(cmd, "clock") && n == 2) {
    s->kind = VL_STEP_CLOCK;
    if (read_clock(w[1], &s->local)) return TRUE;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "%s:%d: clock needs a local time YYYY-MM-DDTHH:MM (2026-11-30T09:00), got \"%s\"", path, s->line, w[1]);
  } else if (!strcmp(cmd, "swipe") && n == 2 && (!strcmp(w[1], "left") || !strcmp(w[1], "right"))) {
    s->kind = VL_STEP_SWIPE;
    s->left = !strcmp(w[1], "left");
    return TRUE;
  } else if (!strcmp(cmd, "key") && n >= 2) {
    s->kind = VL_STEP_KEY;
    char *name = g_strjoinv(" ", w + 1);
    s->key = SDL_GetKeyFromName(name);
    if (s->key != SDLK_UNKNOWN) {
      g_free(name);
      return TRUE;
    }
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: unknown SDL key name \"%s\"", path, s->line, name);
    g_free(name);
  } else if (!strcmp(cmd, "wait") && n == 2) {
    s->kind = VL_STEP_WAIT;
    if (read_ms(w[1], 86400000, &s->ms)) return TRUE;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: wait needs milliseconds, got \"%s\"", path, s->line,
                w[1]);
  } else if (!strcmp(cmd, "sleep") && n == 2) {
    s->kind = VL_STEP_SLEEP;
    if (read_ms(w[1], 600000, &s->ms)) return TRUE;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: sleep needs milliseconds, got \"%s\"", path, s->line,
                w[1]);
  } else if (!strcmp(cmd, "shot") && n == 2) {
    s->kind = VL_STEP_SHOT;
    gboolean ok = TRUE;
    for (const char *c = w[1]; *c; c++) ok &= g_ascii_isalnum(*c) || *c == '_' || *c == '-';
    if (ok) {
      s->name = g_strdup(w[1]);
      return TRUE;
    }
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: shot names use letters, digits, - and _, got \"%s\"",
                path, s->line, w[1]);
  } else if (!strcmp(cmd, "reload") && n == 1) {
    s->kind = VL_STEP_RELOAD;
    return TRUE;
  } else if (!strcmp(cmd, "probe") && n == 1) {
    s->kind = VL_STEP_PROBE;
    return TRUE;
  } else {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "%s:%d: unknown command \"%s\" (tap X Y, drag X1 Y1 X2 Y2, swipe left|right, key NAME, wait MS, "
                "sleep MS, clock YYYY-MM-DDTHH:MM, shot NAME, reload, probe)",
                path, s->line, l);
  }
  return FALSE;
}

VlStep *vl_script_parse_line(const char *line, int lineno, const char *path, double width, double height,
                             GError **err) {
  char *l = g_strstrip(g_strdup(line));
  if (!*l || *l == '#') {
    g_free(l);
    return NULL;
  }
  char **all = g_strsplit_set(l, " \t", -1);
  char **w = g_new0(char *, g_strv_length(all) + 1); /* the non-empty words, borrowed from ALL */
  int n = 0;
  for (int j = 0; all[j]; j++)
    if (*all[j]) w[n++] = all[j];
  VlStep *s = g_new0(VlStep, 1);
  s->line = lineno;
  GError *e = NULL;
  if (!read_step(s, w, n, l, path, width, height, &e)) {
    vl_propagate_printable(err, e); /* the line quoted may hold a tab */
    vl_step_free(s);
    s = NULL;
  }
  g_free(w);
  g_strfreev(all);
  g_free(l);
  return s;
}

GPtrArray *vl_script_parse(const char *data, gsize len, const char *path, double width, double height, GError **err) {
  if (!vl_check_utf8(path, data, len, err)) return NULL;
  /* A byte-order mark (Notepad's "UTF-8") is the start of the file, as in
   * volante.ini (ini.c): the first command is read as written. */
  if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
    data += 3;
    len -= 3;
  }
  char *text = g_strndup(data, len);
  char **lines = g_strsplit(text, "\n", -1);
  g_free(text);
  GPtrArray *steps = g_ptr_array_new_with_free_func(step_free);
  gboolean ok = TRUE;
  for (int i = 0; lines[i] && ok; i++) {
    GError *e = NULL;
    VlStep *s = vl_script_parse_line(lines[i], i + 1, path, width, height, &e);
    if (s) g_ptr_array_add(steps, s);
    if (e) {
      g_propagate_error(err, e);
      ok = FALSE;
    }
  }
  g_strfreev(lines);
  if (!ok) {
    g_ptr_array_free(steps, TRUE);
    return NULL;
  }
  return steps;
}

GPtrArray *vl_script_load(const char *path, double width, double height, GError **err) {
  gsize len = 0;
  char *text = vl_read_utf8(path, &len, err);
  if (!text) return NULL;
  GPtrArray *steps = vl_script_parse(text, len, path, width, height, err);
  g_free(text);
  return steps;
}
