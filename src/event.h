/* event: the organizers' own event, the [event] section of volante.ini.
 *
 * Its title and text are translated like any content (msgctxt "event.title"
 * and "event"); its start and end are ISO 8601 local date-times in an IANA
 * time zone (2026-12-05T10:00, America/Los_Angeles), and its place, address,
 * phone and web are printed as written. The date and the time are worded
 * for each language by ICU: the Gregorian calendar, that language's own
 * words, order, 12- or 24-hour clock and digits. Never a hand-made table.
 */
#ifndef VOLANTE_EVENT_H
#define VOLANTE_EVENT_H

#include <glib.h>

#include "content.h"
#include "diag.h"

typedef struct VlEvent VlEvent;

/* The fields [event] may hold, NULL-terminated (static). */
const char *const *vl_event_keys(void);
/* TRUE when FIELD of [event] is printed as written, never translated. */
gboolean vl_event_untranslated(const char *field);

/* Reads C's [event]; NULL when the content has none. Each mistake (a key
 * not in the list, a date that does not exist, an end before its start, a
 * time zone ICU does not know) goes to DIAG when it is not NULL, as a
 * problem of kind "event" at volante.ini:LINE. C is borrowed and must
 * outlive the event; the caller frees it. */
VlEvent *vl_event_load(const VlContent *c, VlDiag *diag);
void vl_event_free(VlEvent *e);

/* TRUE when the dates and time zone could be read: the event can print. */
gboolean vl_event_ok(const VlEvent *e);

/* The text of a field ICU words for language LANG (a BCP 47 tag): "date"
 * (the day: weekday, day, month and year, or the days of an event over
 * several), "time" (its hours, from start to end, on one day; empty when it
 * runs over several), "when" (both). NULL for any other field or when the
 * event is not ok. Caller frees. */
char *vl_event_field(const VlEvent *e, const char *field, const char *lang);

#endif
