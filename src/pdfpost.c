#include "pdfpost.h"

#include <qpdf/qpdf-c.h>
#include <string.h>

#include "util.h"

static qpdf_oh box(qpdf_data q, const double b[4]) {
  qpdf_oh a = qpdf_oh_new_array(q);
  for (int i = 0; i < 4; i++) qpdf_oh_append_item(q, a, qpdf_oh_new_real_from_double(q, b[i], 3));
  return a;
}

/* Calls FN for each element of KIDS (a /K: one element or an array). */
static void each_kid(qpdf_data q, qpdf_oh kids, void (*fn)(qpdf_data q, qpdf_oh el, const VlPdfPost *post, guint *next),
                     const VlPdfPost *post, guint *next) {
  int n = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 1;
  for (int i = 0; i < n; i++) {
    qpdf_oh el = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_item(q, kids, i) : kids;
    if (qpdf_oh_is_dictionary(q, el)) fn(q, el, post, next);
  }
}

static void mark_figure(qpdf_data q, qpdf_oh el, const VlPdfPost *post, guint *next) {
  if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, el, "/S"), "/Figure")) return;
  if (*next < post->figure_alts->len)
    qpdf_oh_replace_key(q, el, "/Alt", qpdf_oh_new_unicode_string(q, g_ptr_array_index(post->figure_alts, *next)));
  (*next)++;
}

/* next[0] counts Sects, next[1] Figures. */
static void mark_sect(qpdf_data q, qpdf_oh el, const VlPdfPost *post, guint *next) {
  if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, el, "/S"), "/Sect")) return;
  if (next[0] < post->sect_langs->len)
    qpdf_oh_replace_key(q, el, "/Lang", qpdf_oh_new_unicode_string(q, g_ptr_array_index(post->sect_langs, next[0])));
  next[0]++;
  if (post->figure_alts && qpdf_oh_has_key(q, el, "/K"))
    each_kid(q, qpdf_oh_get_key(q, el, "/K"), mark_figure, post, next + 1);
}

/* Gives each Sect element of the structure tree's top level, in order (the
 * order Cairo wrote them, which is the order volante drew them), its
 * language, and each Figure directly inside one its alternate text.
 * volante opens a Sect only at the top and a Figure only right inside one,
 * so nothing deeper is visited: each handle the C API hands out lives until
 * qpdf_cleanup. */
static void mark_sects(qpdf_data q, qpdf_oh kids, const VlPdfPost *post) {
  guint next[2] = {0, 0};
  each_kid(q, kids, mark_sect, post, next);
}

gboolean vl_pdfpost_apply(const char *in, const char *data, gsize len, const char *out, const VlPdfPost *post,
                          GError **err) {
  qpdf_data q = qpdf_init();
  qpdf_silence_errors(q);
  qpdf_set_suppress_warnings(q, QPDF_TRUE);
  gboolean ok = FALSE, written = FALSE;
  /* From memory: qpdf reading a file seeks for every object. */
  if (qpdf_read_memory(q, in, data, (unsigned long long)len, NULL) & QPDF_ERRORS) goto done;
  qpdf_oh root = qpdf_get_root(q);
  if (post->lang && *post->lang) qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, post->lang));
  /* Viewers show the document's title (in its own language), not the file name. */
  qpdf_oh prefs = qpdf_oh_new_dictionary(q);
  qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle", qpdf_oh_new_bool(q, QPDF_TRUE));
  qpdf_oh_replace_key(q, root, "/ViewerPreferences", prefs);
  if (post->sect_langs && qpdf_oh_has_key(q, root, "/StructTreeRoot")) {
    qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
    mark_sects(q, qpdf_oh_get_key(q, tree, "/K"), post);
  }
  int pages = qpdf_get_num_pages(q);
  for (int i = 0; i < pages; i++) {
    qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
    qpdf_oh_replace_key(q, page, "/TrimBox", box(q, post->trim));
    qpdf_oh_replace_key(q, page, "/BleedBox", box(q, post->bleed));
  }
  if (qpdf_has_error(q)) goto done;
  /* Into memory, then through vl_write_atomic: qpdf's own file writer does
   * not report a flush that fails on a full disk. */
  if (qpdf_init_write_memory(q) & QPDF_ERRORS) goto done;
  /* The same input gives the same bytes (an /ID from the content, not the clock). */
  qpdf_set_deterministic_ID(q, QPDF_TRUE);
  /* Cairo's streams are already compressed: pass them through untouched
   * (decoding and compressing again doubled the cost of a flyer). */
  qpdf_set_decode_level(q, qpdf_dl_none);
  qpdf_set_object_stream_mode(q, qpdf_o_preserve);
  if (qpdf_write(q) & QPDF_ERRORS) goto done;
  ok = TRUE;
  written = vl_write_atomic(out, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q), err);
done:
  if (!ok) {
    qpdf_error e = qpdf_get_error(q);
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot finish the PDF with qpdf: %s", in,
                e ? qpdf_get_error_full_text(q, e) : "unknown error");
  }
  qpdf_cleanup(&q);
  return ok && written;
}
