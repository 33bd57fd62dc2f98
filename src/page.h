/* page: one page of a layout in one or two languages, composed from content
 * and translations, checked, and ready to draw.
 *
 * Composing a page finds every problem a reader would see (missing or draft
 * translations, broken markup, overflow, missing glyphs) and adds it to the
 * VlDiag; `render` and `check` both compose pages, so they agree.
 */
#ifndef VOLANTE_PAGE_H
#define VOLANTE_PAGE_H

#include <cairo.h>

#include "catalog.h"
#include "content.h"
#include "diag.h"
#include "event.h"
#include "lang.h"
#include "template.h"
#include "typeset.h"

typedef struct {
  VlTypesetter *typesetter;
  const VlTemplate *tmpl;
  const VlContent *content;
  const VlEvent *event;         /* the content's [event], or NULL */
  const VlLang *langs[2];       /* one per slot of the layout */
  const VlCatalog *catalogs[2]; /* NULL for the source language */
  gboolean force;               /* compose and mark what is wrong instead of failing */
  const char *slide_kind;       /* kiosk: the slide's kind ("title", "fact", "ally") or NULL for print */
  const char *slide_section;    /* kiosk: the section the content key SLIDE stands for */
  VlDiag *diag;
} VlPageInput;

typedef struct VlPage VlPage;

/* Messages of the problems that belong to a PO entry rather than a page, so
 * that the page and the catalog check (run.c) word them alike. */
#define VL_DRAFT_MESSAGE "a draft, not yet checked by a native speaker (marked fuzzy)"
#define VL_NOT_IN_FILE_MESSAGE \
  "not in this PO file yet: update the file from the new volante.pot (msgmerge), then translate it"
#define VL_PLURAL_MESSAGE                                                                                             \
  "an entry with plural forms (msgid_plural, msgstr[N]): volante prints one text, so it cannot choose a form; write " \
  "it as one msgid and one msgstr, as in volante.pot"

/* Composes the page; everything in IN is borrowed and must outlive the page. */
VlPage *vl_page_compose(const VlPageInput *in);
void vl_page_free(VlPage *p);

/* Errors found while composing (the page must not be printed without --force). */
guint vl_page_errors(const VlPage *p);
/* The page's title: its headline as plain text (owned by the page). */
const char *vl_page_title(const VlPage *p);
void vl_page_size(const VlPage *p, double *w, double *h);
/* The smallest scale of any frame. */
double vl_page_min_scale(const VlPage *p);
/* Warns ("shrunk") about each translated frame set more than the layout's
 * shrink-warning below REF_SCALES, the scale English needs in each frame. */
void vl_page_check_shrunk(VlPage *p, const double *ref_scales);
/* The scale frame I (in layout order) was set at: 1 is the largest size; 1
 * as well for a frame without text. */
double vl_page_frame_scale(const VlPage *p, guint i);
/* TRUE when the page shows a draft translation. */
gboolean vl_page_is_draft(const VlPage *p);
/* Draws, over page PAGE (0-based), what a proof shows: frame outlines, overflowing
 * frames in red with how much, circles around characters no font has, and a
 * DRAFT watermark on drafts. */
void vl_page_draw_marks(VlPage *p, cairo_t *cr, int page);

/* Draws page 1 on CR (pixels of a surface of the page's size) as the screen shows it. */
void vl_page_draw(VlPage *p, cairo_t *cr);

/* How a page is printed. */
typedef enum {
  VL_INK_COLOR,
  VL_INK_GRAY,  /* every color as gray, text black, large fills light */
  VL_INK_SAVER, /* as gray, and no fills or background at all */
} VlInk;

typedef struct {
  VlInk ink;
  double bleed;           /* pt: the background and edge fills run this far past the page */
  gboolean tags;          /* tag the text as PDF structure (only the first copy on an imposed sheet) */
  GPtrArray *sect_langs;  /* when tagging: gets the language (char*, owned) of each "Sect" element, in order */
  GPtrArray *figure_alts; /* when tagging: gets the alternate text (char*, owned) of each "Figure", in order */
  gboolean no_notices;    /* the sheet prints the notices instead (cards) */
  gboolean text;          /* the output keeps text as text (a PDF: the backend's row says, backend.h): structure
                             tags, links, the words behind each run of glyphs, fonts embedded as subsets */
  gboolean pixels;        /* a screen's pixels: QR modules on whole units */
} VlDrawOptions;

/* Pages of the piece (2 for a trifold or a duplex card) and the frames placed (a frame in columns counts each). */
int vl_page_pages(const VlPage *p);
guint vl_page_n_frames(const VlPage *p);
const VlTemplate *vl_page_template(const VlPage *p);
/* The language of SLOT (0 or 1). */
const VlLang *vl_page_lang(const VlPage *p, int slot);
/* TRUE when page PAGE is mirrored for a right-to-left language. */
gboolean vl_page_rtl(const VlPage *p, int page);
/* Draws page PAGE (0-based) with its top-left corner at CR's origin. */
void vl_page_draw_page(VlPage *p, cairo_t *cr, int page, const VlDrawOptions *o);
/* Appends the page's notices (char*, owned by LINES) to LINES. */
void vl_page_notices(const VlPage *p, GPtrArray *lines);
/* Draws LINES of notice in the box X, Y, W, H, in the layout's notice style
 * (black unless O's ink is color; text kept as text when O says so), as
 * a "Note" element of a tagged PDF when O tags (in English: pdfpost gives
 * each Note that language), else untagged (an artifact, for a repeated copy). */
void vl_page_draw_notices(VlPage *p, cairo_t *cr, GPtrArray *lines, double x, double y, double w, double h,
                          const VlDrawOptions *o);

/* One text of the page where it stands: for the translators' template
 * (room) and the pictures of each text (context). */
typedef struct {
  const char *key;      /* content key */
  const VlFrame *frame; /* its frame */
  int page;             /* page of the piece, 0-based */
  int slot;             /* language slot */
  double box[4];        /* the frame (its column) on the page: x, y, w, h in pt */
  double room;          /* the height its text may take, pt */
  guint texts;          /* how many texts share the frame (column) */
  VlBlock *block;       /* the frame's text, owned by the page: measuring may change it */
  guint para;           /* the text's paragraph in BLOCK */
  double para_box[4];   /* where the paragraph stands on the page, as composed */
} VlPageText;
typedef void (*VlPageTextFn)(const VlPageText *t, void *data);
/* Calls FN for each text the page shows (not for frames of another kind of
 * kiosk slide), in layout order. */
void vl_page_each_text(VlPage *p, VlPageTextFn fn, void *data);

#endif
