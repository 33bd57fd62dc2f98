#include "hours.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

#define DAY_MIN (24 * 60)
#define WEEK_MIN (7 * DAY_MIN)

/* One flag per minute of the week from Monday 00:00: 10 kB, and a look-up
 * with no rules to walk. */
struct VlHours {
  guint8 open[WEEK_MIN];
};

static const char *const days[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

static int day_index(const char *s, gsize len) {
  for (int i = 0; i < 7; i++)
    if (len == 2 && !strncmp(s, days[i], 2)) return i;
  return -1;
}

/* W is a day or a range of days: sets DAY[0..6]. */
static gboolean read_days(const char *w, gboolean *day, GError **err) {
  const char *dash = strchr(w, '-');
  int a = day_index(w, dash ? (gsize)(dash - w) : strlen(w)), b = dash ? day_index(dash + 1, strlen(dash + 1)) : a;
  if (a < 0 || b < 0) {
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "\"%s\" is not a day or days (Mo Tu We Th Fr Sa Su, or a range such as Mo-Fr)", w);
    return FALSE;
  }
  for (int d = a;; d = (d + 1) % 7) {
    day[d] = TRUE;
    if (d == b) break;
  }
  return TRUE;
}

/* "HH:MM", 00:00 to 24:00, as minutes of the day. */
static gboolean read_time(const char *s, gsize len, int *min) {
  int h, m, end = -1;
  char buf[6];
  if (len != 5) return FALSE;
  memcpy(buf, s, 5), buf[5] = 0;
  if (sscanf(buf, "%2d:%2d%n", &h, &m, &end) != 2 || end != 5 || !g_ascii_isdigit(buf[0]) || !g_ascii_isdigit(buf[3]))
    return FALSE;
  *min = h * 60 + m;
  return h >= 0 && m >= 0 && m < 60 && *min <= DAY_MIN;
}

/* W is HH:MM-HH:MM: opens H from each day of DAY at its start. */
static gboolean read_span(VlHours *h, const char *w, const gboolean *day, GError **err) {
  const char *dash = strchr(w, '-');
  int from = 0, to = 0;
  if (!dash || !read_time(w, (gsize)(dash - w), &from) || !read_time(dash + 1, strlen(dash + 1), &to) ||
      from == DAY_MIN) {
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "\"%s\" is not opening hours (HH:MM-HH:MM, from 00:00 to 24:00, such as 08:00-20:00)", w);
    return FALSE;
  }
  if (from == to) {
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "\"%s\" closes the moment it opens", w);
    return FALSE;
  }
  /* An end before the start runs past midnight into the next day. */
  int len = to > from ? to - from : DAY_MIN - from + to;
  for (int d = 0; d < 7; d++)
    if (day[d])
      for (int i = 0; i < len; i++) h->open[(d * DAY_MIN + from + i) % WEEK_MIN] = 1;
  return TRUE;
}

/* One rule: days, then one or more spans. */
static gboolean read_rule(VlHours *h, const char *rule, GError **err) {
  char **w = g_strsplit_set(rule, " \t", -1);
  gboolean day[7] = {FALSE}, ok = TRUE;
  int n = 0, spans = 0;
  for (int i = 0; ok && w[i]; i++) {
    if (!*w[i]) continue;
    if (n++ == 0 && !g_ascii_isdigit(*w[i])) {
      ok = read_days(w[i], day, err);
      continue;
    }
    if (n == 1) /* hours with no days: every day */
      for (int d = 0; d < 7; d++) day[d] = TRUE;
    ok = read_span(h, w[i], day, err), spans++;
  }
  if (ok && n == 0) {
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "an empty rule between commas (write days and hours, such as Mo-Fr 08:00-20:00)");
    ok = FALSE;
  } else if (ok && !spans) {
    char *r = g_strstrip(g_strdup(rule));
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "\"%s\" has no hours after its days (such as Mo-Fr 08:00-20:00)", r);
    g_free(r);
    ok = FALSE;
  }
  g_strfreev(w);
  return ok;
}

VlHours *vl_hours_parse(const char *spec, GError **err) {
  char *blank = g_strstrip(g_strdup(spec));
  gboolean empty = !*blank;
  g_free(blank);
  if (empty) {
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "no opening hours given (such as Mo-Fr 08:00-20:00)");
    return NULL;
  }
  VlHours *h = g_new0(VlHours, 1);
  char **rules = g_strsplit(spec, ",", -1);
  GError *e = NULL;
  for (int i = 0; rules[i] && !e; i++) read_rule(h, rules[i], &e);
  g_strfreev(rules);
  if (e) {
    vl_propagate_printable(err, e); /* the value quoted may hold a tab or worse */
    vl_hours_free(h);
    return NULL;
  }
  return h;
}

void vl_hours_free(VlHours *h) { g_free(h); }

gboolean vl_hours_open(const VlHours *h, gint64 local) {
  gint64 min = local / 60;
  /* 1970-01-01 was a Thursday: day 3 of a week from Monday. */
  gint64 of_week = ((min + 3 * DAY_MIN) % WEEK_MIN + WEEK_MIN) % WEEK_MIN;
  return h->open[of_week];
}

gint64 vl_hours_local_now(void) {
  GDateTime *t = g_date_time_new_now_local();
  gint64 s = g_date_time_to_unix(t) + g_date_time_get_utc_offset(t) / G_TIME_SPAN_SECOND;
  g_date_time_unref(t);
  return s;
}
