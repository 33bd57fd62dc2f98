/* numbers: the numbers a text states (10%, 1,000, the 213 of a phone
 * number) and whether a translation keeps every one of them.
 *
 * A translation may write a number in ASCII digits or in the digits its
 * language uses (ICU's default and native numbering systems for the
 * language: ۱۰ in Persian, ١٠ in Arabic, १० in Hindi, ១០ in Khmer, ๑๐ in
 * Thai), with its own separators (1.000, 1 000, ٬) and percent signs (٪, ％),
 * before or after the number (%10 in Turkish).
 */
#ifndef VOLANTE_NUMBERS_H
#define VOLANTE_NUMBERS_H

#include <glib.h>

/* NULL when TRANSLATION (Pango markup, in language LANG, a BCP 47 tag) has
 * every number of SOURCE, each as often as SOURCE has it and with its percent
 * sign; otherwise what differs, in plain words (caller frees). */
char *vl_numbers_check(const char *lang, const char *source, const char *translation);

#endif
