#include "event.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/udateintervalformat.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "util.h"

/* The fields of [event], exactly these; the last four of the first line are
 * worded by volante, the others printed as written. */
static const char *const keys[] = {"title", "text",    "start", "end", "timezone",
                                   "place", "address", "phone", "web", NULL};
/* Printed as written in every language (the organizers' own facts). */
static const char *const as_written[] = {"start", "end", "timezone", "place", "address", "phone", "web", NULL};

struct VlEvent {
  const VlContent *content;
  gboolean ok;
  UDate start, end;
  UChar tz[64];
  gboolean one_day; /* starts and ends on the same day in its time zone */
};

const char *const *vl_event_keys(void) { return keys; }
gboolean vl_event_untranslated(const char *field) { return g_strv_contains(as_written, field); }

/* Reports a mistake of FIELD of [event] at its line (the section's, when absent). */
static void fail(VlDiag *diag, const VlContent *c, const char *field, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
static void fail(VlDiag *diag, const VlContent *c, const char *field, const char *fmt, ...) {
  if (!diag) return;
  char *key = strcmp(field, "text") ? g_strdup_printf("event.%s", field) : g_strdup("event");
  const VlItem *it = vl_content_item(c, key);
  GPtrArray *items = vl_content_items(c);
  for (guint i = 0; !it && i < items->len; i++) {
    const VlItem *other = g_ptr_array_index(items, i);
    if (!strcmp(other->section, "event")) it = other; /* the field is absent: the section's first line */
  }
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  char *shown = vl_printable(msg); /* the value quoted may hold a newline (\n in volante.ini) */
  vl_diag_add(diag, VL_ERROR, "event", "", "", key, vl_content_path(c), it ? it->line : 0, "%s", shown);
  g_free(shown);
  g_free(msg);
  g_free(key);
}

static const char *value(const VlContent *c, const char *field) {
  char *key = strcmp(field, "text") ? g_strdup_printf("event.%s", field) : g_strdup("event");
  const VlItem *it = vl_content_item(c, key);
  g_free(key);
  return it ? it->text : NULL;
}

/* "2026-12-05T10:00" or "2026-12-05T10:00:30": year, month, day, hour, minute, second. */
static gboolean parse_iso(const char *s, int v[6]) {
  static const char shape[] = "dddd-dd-ddTdd:dd";
  size_t n = strlen(s);
  if (n != 16 && n != 19) return FALSE;
  for (size_t i = 0; i < n; i++) {
    char want = i < 16 ? shape[i] : (i == 16 ? ':' : 'd');
    if (want == 'd' ? !g_ascii_isdigit(s[i]) : s[i] != want) return FALSE;
  }
  v[5] = 0;
  return sscanf(s, "%4d-%2d-%2dT%2d:%2d", &v[0], &v[1], &v[2], &v[3], &v[4]) == 5 &&
         (n == 16 || sscanf(s + 17, "%2d", &v[5]) == 1);
}

/* The instant of local date-time S in time zone TZ, on the Gregorian
 * calendar; FALSE when the day or time does not exist there. */
static gboolean instant(const UChar *tz, const int v[6], UDate *out, int *ymd) {
  UErrorCode st = U_ZERO_ERROR;
  UCalendar *cal = ucal_open(tz, -1, "en@calendar=gregorian", UCAL_GREGORIAN, &st);
  if (U_FAILURE(st)) return FALSE;
  /* Not lenient: 2026-02-30 is a mistake, not March 2. */
  ucal_setAttribute(cal, UCAL_LENIENT, 0);
  ucal_clear(cal);
  ucal_setDateTime(cal, v[0], v[1] - 1, v[2], v[3], v[4], v[5], &st);
  *out = ucal_getMillis(cal, &st);
  if (U_SUCCESS(st) && ymd) *ymd = v[0] * 10000 + v[1] * 100 + v[2];
  ucal_close(cal);
  return U_SUCCESS(st) && v[3] < 24 && v[4] < 60 && v[5] < 60;
}

VlEvent *vl_event_load(const VlContent *c, VlDiag *diag) {
  if (!vl_content_has_section(c, "event")) return NULL;
  VlEvent *e = g_new0(VlEvent, 1);
  e->content = c;
  e->ok = TRUE;
  GPtrArray *items = vl_content_items(c);
  for (guint i = 0; i < items->len; i++) {
    const VlItem *it = g_ptr_array_index(items, i);
    if (strcmp(it->section, "event") != 0 || g_strv_contains(keys, it->field)) continue;
    char *known = g_strjoinv(", ", (char **)keys);
    fail(diag, c, it->field, "not a key of [event] (it takes exactly: %s)", known);
    g_free(known);
  }
  static const char *const needed[] = {"title", "start", "end", "timezone"};
  for (size_t i = 0; i < G_N_ELEMENTS(needed); i++) {
    const char *v = value(c, needed[i]);
    if (!v || !*v) {
      fail(diag, c, needed[i], "missing: an event needs a title, a start, an end and a time zone");
      e->ok = FALSE;
    }
  }
  if (!e->ok) return e;
  const char *tz = value(c, "timezone");
  UErrorCode st = U_ZERO_ERROR;
  u_strFromUTF8(e->tz, G_N_ELEMENTS(e->tz), NULL, tz, -1, &st);
  UChar canonical[64];
  UBool system = FALSE;
  if (U_SUCCESS(st)) ucal_getCanonicalTimeZoneID(e->tz, -1, canonical, G_N_ELEMENTS(canonical), &system, &st);
  if (U_FAILURE(st) || !system) {
    fail(diag, c, "timezone", "\"%s\" is not a time zone ICU knows (an IANA name like America/Los_Angeles)", tz);
    e->ok = FALSE;
    return e;
  }
  int ymd[2] = {0, 0};
  UDate at[2];
  static const char *const ends[] = {"start", "end"};
  for (int k = 0; k < 2; k++) {
    const char *v = value(c, ends[k]);
    int d[6];
    if (!parse_iso(v, d)) {
      fail(diag, c, ends[k], "\"%s\" is not a local date and time like 2026-12-05T10:00", v);
      e->ok = FALSE;
    } else if (!instant(e->tz, d, &at[k], &ymd[k])) {
      fail(diag, c, ends[k], "\"%s\" does not exist in %s (no such day, or the clocks skip that hour)", v, tz);
      e->ok = FALSE;
    }
  }
  if (e->ok && at[1] < at[0]) {
    fail(diag, c, "end", "%s is before the start, %s", value(c, "end"), value(c, "start"));
    e->ok = FALSE;
  }
  e->start = at[0], e->end = at[1];
  e->one_day = ymd[0] == ymd[1];
  return e;
}

void vl_event_free(VlEvent *e) { g_free(e); }
gboolean vl_event_ok(const VlEvent *e) { return e && e->ok; }

/* The ICU locale of LANG on the Gregorian calendar ("fa@calendar=gregorian"). */
static void locale_of(const char *lang, char *loc, int32_t cap) {
  UErrorCode st = U_ZERO_ERROR;
  uloc_forLanguageTag(lang, loc, cap, NULL, &st);
  if (U_FAILURE(st) || !*loc) g_strlcpy(loc, "en", cap);
  st = U_ZERO_ERROR;
  uloc_setKeywordValue("calendar", "gregorian", loc, cap, &st);
}

static char *to_utf8(const UChar *s, int32_t n) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t len = 0;
  u_strToUTF8(NULL, 0, &len, s, n, &st);
  char *out = g_malloc((gsize)len + 1);
  st = U_ZERO_ERROR;
  u_strToUTF8(out, len + 1, NULL, s, n, &st);
  return out;
}

/* The event's span worded by ICU for LOC with SKELETON (the fields wanted,
 * in no order; ICU picks each language's order, words and clock): one
 * moment when start and end are alike, else a range ("10:00–12:30"). */
static char *span(const VlEvent *e, const char *loc, const char *skeleton) {
  UChar skel[32], out[256];
  UErrorCode st = U_ZERO_ERROR;
  u_uastrcpy(skel, skeleton);
  UDateIntervalFormat *f = udtitvfmt_open(loc, skel, -1, e->tz, -1, &st);
  int32_t n = U_SUCCESS(st) ? udtitvfmt_format(f, e->start, e->end, out, G_N_ELEMENTS(out), NULL, &st) : 0;
  udtitvfmt_close(f);
  return U_SUCCESS(st) ? to_utf8(out, n) : NULL;
}

/* The start's day worded by ICU for LOC: the best pattern for the skeleton. */
static char *day(const VlEvent *e, const char *loc, const char *skeleton) {
  UChar skel[32], pattern[128], out[256];
  UErrorCode st = U_ZERO_ERROR;
  u_uastrcpy(skel, skeleton);
  UDateTimePatternGenerator *g = udatpg_open(loc, &st);
  int32_t plen = U_SUCCESS(st) ? udatpg_getBestPattern(g, skel, -1, pattern, G_N_ELEMENTS(pattern), &st) : 0;
  udatpg_close(g);
  UDateFormat *f = U_SUCCESS(st) ? udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, e->tz, -1, pattern, plen, &st) : NULL;
  int32_t n = U_SUCCESS(st) ? udat_format(f, e->start, out, G_N_ELEMENTS(out), NULL, &st) : 0;
  if (f) udat_close(f);
  return U_SUCCESS(st) ? to_utf8(out, n) : NULL;
}

char *vl_event_field(const VlEvent *e, const char *field, const char *lang) {
  if (!vl_event_ok(e)) return NULL;
  char loc[ULOC_FULLNAME_CAPACITY];
  locale_of(lang, loc, sizeof loc);
  /* Skeletons: y year, MMMM month's name, EEEE weekday's name, d day, j the
   * language's own clock (12 or 24 hours), mm minutes. */
  if (!strcmp(field, "date")) return e->one_day ? day(e, loc, "yMMMMEEEEd") : span(e, loc, "yMMMMEEEEdjmm");
  if (!strcmp(field, "time")) return e->one_day ? span(e, loc, "jmm") : g_strdup("");
  if (!strcmp(field, "when")) return span(e, loc, "yMMMMEEEEdjmm");
  return NULL;
}
