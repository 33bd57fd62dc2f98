/* icu_names LOCALE YYYY MM DD HH MM ZONE: the weekday's and the month's
 * names ICU gives for that local time in LOCALE, on the Gregorian calendar,
 * one a line. The tests compare volante's event pages with them: plain ICU
 * patterns ("EEEE", "MMMM"), not the skeletons volante uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

static void say(const char *loc, const UChar *zone, UDate when, const char *pattern) {
  UChar pat[16], out[128];
  char utf8[512];
  UErrorCode st = U_ZERO_ERROR;
  u_uastrcpy(pat, pattern);
  UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, zone, -1, pat, -1, &st);
  int32_t n = udat_format(f, when, out, 128, NULL, &st);
  u_strToUTF8(utf8, sizeof utf8, NULL, out, n, &st);
  udat_close(f);
  if (U_FAILURE(st)) exit(1);
  puts(utf8);
}

int main(int argc, char **argv) {
  if (argc != 8) return 2;
  char loc[ULOC_FULLNAME_CAPACITY];
  UErrorCode st = U_ZERO_ERROR;
  uloc_forLanguageTag(argv[1], loc, sizeof loc, NULL, &st);
  uloc_setKeywordValue("calendar", "gregorian", loc, sizeof loc, &st);
  UChar zone[64];
  u_uastrcpy(zone, argv[7]);
  UCalendar *cal = ucal_open(zone, -1, "en@calendar=gregorian", UCAL_GREGORIAN, &st);
  ucal_setDateTime(cal, atoi(argv[2]), atoi(argv[3]) - 1, atoi(argv[4]), atoi(argv[5]), atoi(argv[6]), 0, &st);
  UDate when = ucal_getMillis(cal, &st);
  ucal_close(cal);
  if (U_FAILURE(st)) return 1;
  say(loc, zone, when, "EEEE");
  say(loc, zone, when, "MMMM");
  return 0;
}
