/* answer: a command's last clean answer, kept to be printed again while
 * nothing it read has changed.
 *
 * `volante langs` reads and checks every PO file (libgettextpo, the lint
 * rules, ICU's language names): 25 to 40 ms, most of it the same work as
 * the last time. The program (front.c) answers it from the record of the
 * last answer instead, when that record still holds, without opening the
 * rest of volante (and its fifty libraries) at all.
 *
 * A record is one file, $XDG_CACHE_HOME/volante/answers/KEY. KEY is the
 * SHA-256 of the command line, the working folder, whether content/ is there,
 * the environment that changes an answer (VOLANTE_DATADIR, the locale) and
 * volante-cli.so's path, size and time. The record holds a SHA-256 of every
 * file under the content folder and of each folder's list of names, taken
 * before the command read them, and the path, size and time of every library
 * the command had loaded; then the answer's bytes. It is used only when every
 * one of them is the same now, and only answers that wrote nothing on stderr
 * and exited 0 are kept. A record that does not parse is a miss. Written
 * whole (temporary file and rename); a folder that cannot be written is
 * skipped without a word. VOLANTE_CACHE=off turns it off.
 *
 * Uses GLib only: the program links nothing else.
 */
#ifndef VOLANTE_ANSWER_H
#define VOLANTE_ANSWER_H

#include <glib.h>

/* TRUE when VOLANTE_CACHE says off ("off", "no" or "0"): no record, and
 * no layout cache either (cache.h reads it here). */
gboolean vl_answer_cache_off(void);

/* The key of ARGV (ARGC words) for the module at MODULE (a path), or NULL
 * when answers are off. Caller frees. */
char *vl_answer_key(const char *module, int argc, char **argv);

/* Prints the recorded answer of KEY to stdout and returns TRUE when there is
 * one and every file it depends on is as it was; FALSE (nothing printed)
 * otherwise. */
gboolean vl_answer_replay(const char *key);

typedef struct VlAnswer VlAnswer;

/* Starts a record for KEY (borrowed; NULL gives NULL): the fingerprints of
 * everything under CONTENT (a folder), taken now, before the command reads
 * it. Caller ends it with vl_answer_commit or vl_answer_free. */
VlAnswer *vl_answer_begin(const char *key, const char *content);

/* Adds the libraries loaded now and writes the record with OUT as the
 * answer (LEN bytes), then frees A. NULL is a no-op. */
void vl_answer_commit(VlAnswer *a, const char *out, gsize len);

void vl_answer_free(VlAnswer *a);

#endif
