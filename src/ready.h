/* ready: whether a language is ready for the street, as organizers ask it
 * before printing: how much of it is translated, how much reviewed by a
 * person (not fuzzy, as msgfmt and Weblate count), and whether anything in
 * it stops a page.
 */
#ifndef VOLANTE_READY_H
#define VOLANTE_READY_H

#include <glib.h>

#include "content.h"

typedef enum {
  VL_READY,  /* every text translated and reviewed, none with an error */
  VL_DRAFT,  /* usable, but some text is missing, a draft, stale or wrong */
  VL_BROKEN, /* its PO file cannot be read */
} VlReadyState;

typedef struct {
  int translated; /* percent of the content's texts translated (drafts included) */
  int reviewed;   /* percent translated and reviewed (not fuzzy) */
  int drafts;     /* number of fuzzy entries */
  int errors;     /* texts that are stale or whose markup, numbers or placeholders are wrong */
  VlReadyState state;
  char *why; /* VL_BROKEN: the reader's message (file:line); otherwise NULL. Owned */
} VlReadiness;

/* How far LANG of content C is. The source language is ready by definition.
 * Reads the PO file (not thread-safe, as vl_catalog_load). Free with
 * vl_readiness_clear. */
void vl_readiness_of(VlContent *c, const char *lang, VlReadiness *r);
void vl_readiness_clear(VlReadiness *r);
/* "ready", "draft" or "broken". */
const char *vl_ready_state_name(VlReadyState s);

/* The languages of SPECS (codes, or pairs such as "es+en"; NULL: every
 * language of C) whose every part is ready; the others are said on stderr,
 * one line each. NULL when none is. Free with g_strfreev. */
char **vl_ready_filter(VlContent *c, char **specs);

#endif
