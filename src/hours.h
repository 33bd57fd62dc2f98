/* hours: when the kiosk is on (`kiosk --hours`), as a center writes its
 * opening hours on the door:
 *
 *   Mo-Fr 08:00-20:00, Sa 09:00-14:00
 *
 * Rules separated by commas; each is days (Mo Tu We Th Fr Sa Su, or a range
 * such as Mo-Fr or Fr-Mo) and one or more times HH:MM-HH:MM. 24:00 is the
 * end of the day; a time that ends before it starts (Fr 18:00-02:00) runs
 * past midnight into the next day. Local wall-clock time, to the minute.
 */
#ifndef VOLANTE_HOURS_H
#define VOLANTE_HOURS_H

#include <glib.h>

typedef struct VlHours VlHours;

/* Reads SPEC (borrowed). NULL with *err = what is wrong, one line quoting
 * the part of SPEC at fault. The caller owns the result. */
VlHours *vl_hours_parse(const char *spec, GError **err);
void vl_hours_free(VlHours *h); /* accepts NULL */

/* Whether H is open at LOCAL: wall-clock seconds since 1970-01-01T00:00
 * (a Thursday) with no time zone, as a clock on the wall reads. */
gboolean vl_hours_open(const VlHours *h, gint64 local);

/* The wall clock now, in the form vl_hours_open takes. */
gint64 vl_hours_local_now(void);

#endif
