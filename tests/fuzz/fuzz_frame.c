/* Fuzz target: one PO entry through to a laid-out frame. The input is a PO
 * file (libgettextpo reads files: it is written to a folder of /dev/shm);
 * its msgctxt "stance" entry is set in the one frame of a small page of
 * the shipped content, in the language its Language header names (one of
 * a few scripts: es, ar, fa, hi, km, ja, zh-Hant, th), shrunk to fit and drawn.
 * Fonts, content and layout are loaded once. */
#include "catalog.h"
#include "content.h"
#include "diag.h"
#include "fonts.h"
#include "fuzz.h"
#include "lang.h"
#include "page.h"
#include "template.h"
#include "typeset.h"

static const char layout[] =
    "[layout]\npaper=4inx3in\nmargin=0.25in\nlanguages=1\n"
    "[style.body]\nsize=14\nsize-min=6\ncolor=#1b1b1b\n"
    "[frame.stance]\nbox=0,0,1,1\npadding=6pt\nstyle=body\ncontent=stance\n";
static const char *const tags[] = {"es", "ar", "fa", "hi", "km", "ja", "zh-Hant", "th"};

static const char *po_path;
static VlContent *content;
static VlTemplate *tmpl;
static VlFonts *fonts;
static VlTypesetter *ts;
static VlLang *langs[G_N_ELEMENTS(tags)];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  po_path = fuzz_shm_file("frame", "xx.po");
  GError *err = NULL;
  char *cdir = g_build_filename(VOLANTE_DATADIR, "content", NULL);
  char *fdir = g_build_filename(VOLANTE_DATADIR, "fonts", NULL);
  content = vl_content_load(cdir, &err);
  if (!content) fuzz_fail("cannot load the shipped content", err->message);
  tmpl = vl_template_parse(layout, sizeof layout - 1, "fuzz-layouts/frame.ini", "frame", &err);
  if (!tmpl) fuzz_fail("cannot read the layout", err->message);
  fonts = vl_fonts_new(fdir, &err);
  if (!fonts) fuzz_fail("cannot load the fonts", err->message);
  ts = vl_typesetter_new(fonts);
  for (size_t i = 0; i < G_N_ELEMENTS(tags); i++)
    if (!(langs[i] = vl_lang_new(tags[i], &err))) fuzz_fail("cannot make the language", err->message);
  g_free(cdir);
  g_free(fdir);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!g_file_set_contents(po_path, (const char *)data, (gssize)size, NULL)) fuzz_fail("cannot write", po_path);
  GError *err = NULL;
  VlCatalog *cat = vl_catalog_load(po_path, &err);
  if (!cat) {
    fuzz_check_error(err, po_path);
    g_error_free(err);
    return 0;
  }
  const VlLang *lang = langs[0];
  const char *want = vl_catalog_header(cat, "Language");
  for (size_t i = 0; want && i < G_N_ELEMENTS(tags); i++)
    if (!strcmp(want, tags[i])) lang = langs[i];
  VlDiag *diag = vl_diag_new();
  VlPageInput in = {0};
  in.typesetter = ts;
  in.tmpl = tmpl;
  in.content = content;
  in.langs[0] = in.langs[1] = lang;
  in.catalogs[0] = in.catalogs[1] = cat;
  in.force = TRUE; /* draw what is wrong as well */
  in.diag = diag;
  VlPage *page = vl_page_compose(&in);
  double w, h;
  vl_page_size(page, &w, &h);
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
  cairo_t *cr = cairo_create(s);
  vl_page_draw_page(page, cr, 0, &(VlDrawOptions){0});
  if (cairo_status(cr)) fuzz_fail("cairo", cairo_status_to_string(cairo_status(cr)));
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  for (guint i = 0; i < vl_diag_len(diag); i++) {
    const char *msg = vl_diag_get(diag, i)->message;
    fuzz_check_message(msg, NULL);
    if (strchr(msg, '\n')) fuzz_fail("problem message of more than one line", msg);
  }
  vl_page_free(page);
  vl_diag_free(diag);
  vl_catalog_free(cat);
  return 0;
}
