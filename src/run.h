/* run: renders or checks every requested layout x language, on all cores.
 *
 * This is the work behind `volante render` and `volante check`: load content,
 * layouts and translations, compose each page, and (when rendering) write the
 * pages that have no error. Problems go to the VlDiag.
 */
#ifndef VOLANTE_RUN_H
#define VOLANTE_RUN_H

#include <glib.h>

#include "backend.h"
#include "diag.h"
#include "page.h"
#include "sheet.h"

/* Called for each composed page instead of writing a PDF: PAGE in the
 * requested languages and SOURCE, the same layout in the source language;
 * NAME is "LAYOUT/LANG". Both pages are freed after the call. */
typedef void (*VlPageFn)(VlPage *page, VlPage *source, const char *name, void *data);

typedef struct {
  const char *content_dir;
  const char *layouts_dir;
  const char *fonts_dir;
  const char *out_dir; /* NULL: check only, write nothing */
  const char *paper;   /* NULL: each layout's own paper */
  char **layouts;      /* NULL: every layout */
  char **langs;        /* NULL: every language; "es+en" for a pair */
  gboolean force;      /* write pages with errors, marked */
  gboolean progress;   /* a progress line on stderr */
  int threads;         /* worker processes; 0: one per core */
  VlPageFn on_page;    /* when set: pages go to it (composed with --force, in this process) */
  const char *source;  /* with on_page: the language each page is shown beside; NULL: each language's usual
                          source (X-Translated-From in its PO header, translated-from.LANG in the content), else
                          the content's source language */
  void *on_page_data;
  VlPrint print;           /* bleed, marks and ink of the output */
  const VlBackend *format; /* the output's format (backend.h); NULL: PDF */
  double dpi;              /* pictures (PNG): pixels per inch */
  gboolean default_only;   /* with no layouts named: only those in the default set (render) */
} VlRunOptions;

/* Returns the number of files written (or pages checked), or -1 when the
 * request itself is wrong (unknown layout or language, unreadable content):
 * then *err says why in one line and nothing was written. */
int vl_run(const VlRunOptions *o, VlDiag *diag, GError **err);

/* Names of the layouts in DIR (NAME.ini), sorted; free with g_strfreev. */
char **vl_layout_names(const char *dir);

#endif
