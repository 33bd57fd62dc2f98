/* lint: checks of one translation against its English source, whatever
 * layout prints it: markup, placeholders, numbers, and common orthographic slips. */
#ifndef VOLANTE_LINT_H
#define VOLANTE_LINT_H

#include <glib.h>

#include "diag.h"

/* Called once per finding: kind is "markup", "placeholder", "number", "orthography" or "wrong-script". */
typedef void (*VlLintFn)(VlSeverity sev, const char *kind, const char *message, void *data);

/* Checks TRANSLATION (Pango markup, in language LANG) against SOURCE. The
 * checks of an entry run once per process (while its language's
 * X-Volante-Rules stay the same): later calls pass on the same findings.
 * KIND is a constant that stays valid; MESSAGE only during the call. */
void vl_lint_entry(const char *lang, const char *source, const char *translation, VlLintFn fn, void *data);

/* NULL when MARKUP is valid Pango markup; otherwise what is wrong, in plain
 * words ("the <b> opened before \"10%\" is never closed"). Caller frees. */
char *vl_lint_markup(const char *markup);

/* The first rule name in SAID (an X-Volante-Rules value: names, each with
 * "-" for off or "+" for on) that no check has, or NULL. Caller frees. */
char *vl_lint_rules_unknown(const char *said);

/* Number of errors vl_lint_entry would report. */
int vl_lint_errors(const char *lang, const char *source, const char *translation);

#endif
