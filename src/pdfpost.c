/* dladdr, RTLD_NOLOAD: glibc extensions beyond C11 and POSIX. */
#define _GNU_SOURCE
#include "pdfpost.h"

#include <dlfcn.h>
#include <lcms2.h>
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

#include "colorops.h"
#include "pdfpaint.h"
#include "pdfpart.h"
#include "xmp.h"

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

/* next[0] counts Sects, next[1] Figures. Notices (Note) are in English. */
static void mark_sect(qpdf_data q, qpdf_oh el, const VlPdfPost *post, guint *next) {
  if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, el, "/S"), "/Note"))
    qpdf_oh_replace_key(q, el, "/Lang", qpdf_oh_new_unicode_string(q, "en"));
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

/* An error of ours (not qpdf's) stops the post-processing. */
static gboolean fail(GError **err, const char *in, const char *what, GError *e) {
  g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s: %s", in, what, e ? e->message : "cannot be read");
  if (e) g_error_free(e);
  return FALSE;
}

/* Rewrites stream OH's content (a page's or a form's) as HOW says. */
static gboolean paint_stream(qpdf_data q, qpdf_oh oh, const unsigned char *buf, size_t len, const VlPdfPaint *how,
                             GError **err) {
  GString *out = g_string_sized_new(len + len / 8 + 64);
  gboolean ok = vl_pdfpaint_rewrite((const char *)buf, len, how, out, err);
  /* No filter given: qpdf compresses the new data when it writes the file. */
  if (ok)
    qpdf_oh_replace_stream_data(q, oh, (const unsigned char *)out->str, out->len, qpdf_oh_new_null(q),
                                qpdf_oh_new_null(q));
  g_string_free(out, TRUE);
  return ok;
}

static gboolean name_is(qpdf_data q, qpdf_oh dict, const char *key, const char *name) {
  return qpdf_oh_has_key(q, dict, key) && qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, key), name);
}

/* A transparency group blends in the press's colours, not the screen's. */
static void group_in_cmyk(qpdf_data q, qpdf_oh dict) {
  if (!qpdf_oh_has_key(q, dict, "/Group")) return;
  qpdf_oh g = qpdf_oh_get_key(q, dict, "/Group");
  if (qpdf_oh_is_dictionary(q, g) && qpdf_oh_has_key(q, g, "/CS"))
    qpdf_oh_replace_key(q, g, "/CS", qpdf_oh_new_name(q, "/DeviceCMYK"));
}

/* An 8-bit RGB image as CMYK; gray and CMYK images and masks stay. */
static gboolean image_in_cmyk(qpdf_data q, qpdf_oh img, const VlCmyk *cmyk, GError **err) {
  if (!name_is(q, img, "/ColorSpace", "/DeviceRGB")) {
    if (!qpdf_oh_has_key(q, img, "/ColorSpace") || name_is(q, img, "/ColorSpace", "/DeviceGray") ||
        name_is(q, img, "/ColorSpace", "/DeviceCMYK"))
      return TRUE;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "an image in a colour space PDF/X conversion does not know");
    return FALSE;
  }
  unsigned char *buf = NULL;
  size_t len = 0;
  QPDF_BOOL filtered = QPDF_FALSE;
  long long bpc = qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, img, "/BitsPerComponent"));
  if (bpc != 8 || (qpdf_oh_get_stream_data(q, img, qpdf_dl_all, &filtered, &buf, &len) & QPDF_ERRORS) || !filtered ||
      len % 3) {
    free(buf);
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "an RGB image that cannot be decoded for PDF/X");
    return FALSE;
  }
  guint8 *out = g_malloc(len / 3 * 4);
  vl_cmyk_pixels(cmyk, buf, out, len / 3);
  qpdf_oh_replace_stream_data(q, img, out, len / 3 * 4, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
  qpdf_oh_replace_key(q, img, "/ColorSpace", qpdf_oh_new_name(q, "/DeviceCMYK"));
  free(buf);
  g_free(out);
  return TRUE;
}

/* Every form and image RESOURCES draws, in CMYK (forms are shared between
 * pages: a second visit finds nothing left in RGB). */
static gboolean xobjects_in_cmyk(qpdf_data q, qpdf_oh resources, const VlPdfPaint *how, int depth, GError **err) {
  if (depth > 8 || !qpdf_oh_is_dictionary(q, resources) || !qpdf_oh_has_key(q, resources, "/XObject")) return TRUE;
  qpdf_oh xo = qpdf_oh_get_key(q, resources, "/XObject");
  if (!qpdf_oh_is_dictionary(q, xo)) return TRUE;
  /* The C API walks one dictionary at a time: take the names first. */
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (qpdf_oh_begin_dict_key_iter(q, xo); qpdf_oh_dict_more_keys(q);)
    g_ptr_array_add(names, g_strdup(qpdf_oh_dict_next_key(q)));
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < names->len; i++) {
    qpdf_oh x = qpdf_oh_get_key(q, xo, g_ptr_array_index(names, i));
    if (!qpdf_oh_is_stream(q, x)) continue;
    qpdf_oh d = qpdf_oh_get_dict(q, x);
    if (name_is(q, d, "/Subtype", "/Image")) {
      ok = image_in_cmyk(q, x, how->cmyk, err);
    } else if (name_is(q, d, "/Subtype", "/Form")) {
      unsigned char *buf = NULL;
      size_t len = 0;
      QPDF_BOOL filtered = QPDF_FALSE;
      if ((qpdf_oh_get_stream_data(q, x, qpdf_dl_generalized, &filtered, &buf, &len) & QPDF_ERRORS) || !filtered) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "a form that cannot be decoded for PDF/X");
        ok = FALSE;
      } else
        ok = paint_stream(q, x, buf, len, how, err);
      free(buf);
      group_in_cmyk(q, d);
      if (ok && qpdf_oh_has_key(q, d, "/Resources"))
        ok = xobjects_in_cmyk(q, qpdf_oh_get_key(q, d, "/Resources"), how, depth + 1, err);
    }
  }
  g_ptr_array_free(names, TRUE);
  return ok;
}

/* Takes the annotations' references (OBJR) out of the structure tree under
 * K once the annotations are gone (PDF/X has none). */
static void drop_objr(qpdf_data q, qpdf_oh k, int depth) {
  if (depth > 64) return;
  if (qpdf_oh_is_array(q, k)) {
    for (int i = qpdf_oh_get_array_n_items(q, k) - 1; i >= 0; i--) {
      qpdf_oh el = qpdf_oh_get_array_item(q, k, i);
      if (qpdf_oh_is_dictionary(q, el) && name_is(q, el, "/Type", "/OBJR"))
        qpdf_oh_erase_item(q, k, i);
      else
        drop_objr(q, el, depth + 1);
    }
  } else if (qpdf_oh_is_dictionary(q, k) && qpdf_oh_has_key(q, k, "/K")) {
    qpdf_oh kids = qpdf_oh_get_key(q, k, "/K");
    if (qpdf_oh_is_dictionary(q, kids) && name_is(q, kids, "/Type", "/OBJR"))
      qpdf_oh_replace_key(q, k, "/K", qpdf_oh_new_array(q));
    else
      drop_objr(q, kids, depth + 1);
  }
}

/* A link's annotation says where it goes in words a screen reader reads
 * (its address: the text under it is the same address or the ally's name). */
static void name_links(qpdf_data q, qpdf_oh page) {
  qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
  for (int i = 0; qpdf_oh_is_array(q, annots) && i < qpdf_oh_get_array_n_items(q, annots); i++) {
    qpdf_oh a = qpdf_oh_get_array_item(q, annots, i);
    if (!qpdf_oh_is_dictionary(q, a) || qpdf_oh_has_key(q, a, "/Contents")) continue;
    qpdf_oh act = qpdf_oh_get_key(q, a, "/A");
    if (qpdf_oh_is_dictionary(q, act) && qpdf_oh_has_key(q, act, "/URI"))
      qpdf_oh_replace_key(q, a, "/Contents",
                          qpdf_oh_new_unicode_string(q, qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, act, "/URI"))));
  }
  /* Tab through the annotations in the order of the structure. */
  qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"));
}

static gboolean finish_page(qpdf_data q, qpdf_oh page, const VlPdfPost *post, const char *in, GError **err) {
  VlPdfPaint how = {TRUE, post->pdfx};
  unsigned char *buf = NULL;
  size_t len = 0;
  if (qpdf_oh_get_page_content_data(q, page, &buf, &len) & QPDF_ERRORS) return fail(err, in, "page content", NULL);
  qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
  if (!qpdf_oh_is_stream(q, contents)) {
    contents = qpdf_make_indirect_object(q, qpdf_oh_new_stream(q));
    qpdf_oh_replace_key(q, page, "/Contents", contents);
  }
  GError *e = NULL;
  gboolean ok = paint_stream(q, contents, buf, len, &how, &e);
  free(buf);
  if (!ok) return fail(err, in, "page content", e);
  if (post->pdfx) {
    how.artifacts = FALSE;
    group_in_cmyk(q, page);
    if (qpdf_oh_has_key(q, page, "/Resources") &&
        !xobjects_in_cmyk(q, qpdf_oh_get_key(q, page, "/Resources"), &how, 0, &e))
      return fail(err, in, "PDF/X", e);
    /* No annotation may reach into the bleed; the QR codes carry the addresses. */
    qpdf_oh_remove_key(q, page, "/Annots");
  } else
    name_links(q, page);
  return TRUE;
}

/* 32 hex digits that name this document: from its content, so the same
 * flyer gets the same ID. An MD5, as qpdf's own /ID is: a name, not a
 * seal, and it reads Cairo's whole output (plain content streams now) at a
 * third of SHA-256's cost. */
static char *document_id(const char *data, gsize len) {
  return g_compute_checksum_for_data(G_CHECKSUM_MD5, (const guchar *)data, len);
}

/* The Info dictionary's KEY as UTF-8 (Cairo writes UTF-16 where ASCII is not enough), or NULL. */
static char *info_text(qpdf_data q, const char *key) {
  qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
  if (!qpdf_oh_is_dictionary(q, info) || !qpdf_oh_has_key(q, info, key)) return NULL;
  qpdf_oh v = qpdf_oh_get_key(q, info, key);
  return qpdf_oh_is_string(q, v) ? g_strdup(qpdf_oh_get_utf8_value(q, v)) : NULL;
}

/* Cairo 1.16 writes its dates without the "D:" a PDF date starts with,
 * which PDF/X checkers refuse. */
static void fix_dates(qpdf_data q) {
  qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
  static const char *const keys[] = {"/CreationDate", "/ModDate"};
  for (int i = 0; i < 2 && qpdf_oh_is_dictionary(q, info); i++) {
    qpdf_oh v = qpdf_oh_get_key(q, info, keys[i]);
    if (!qpdf_oh_is_string(q, v)) continue;
    const char *d = qpdf_oh_get_utf8_value(q, v);
    if (g_ascii_isdigit(d[0])) {
      char *fixed = g_strconcat("D:", d, NULL);
      qpdf_oh_replace_key(q, info, keys[i], qpdf_oh_new_string(q, fixed));
      g_free(fixed);
    }
  }
}

/* The Info dictionary's creation date (D:YYYYMMDDHHmmSS...) as XMP writes
 * dates (YYYY-MM-DDTHH:mm:SSZ; Cairo writes them in UTC), or NULL. */
static char *xmp_date(qpdf_data q) {
  char *d = info_text(q, "/CreationDate");
  const char *s = d && g_str_has_prefix(d, "D:") ? d + 2 : d;
  char *iso = NULL;
  if (s && strlen(s) >= 14)
    iso = g_strdup_printf("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4, s + 6, s + 8, s + 10, s + 12);
  g_free(d);
  return iso;
}

static void add_metadata(qpdf_data q, qpdf_oh root, const VlPdfPost *post, const char *data, gsize len) {
  char *id = document_id(data, len), *date = xmp_date(q);
  char *title = info_text(q, "/Title"), *creator = info_text(q, "/Creator"), *producer = info_text(q, "/Producer");
  VlXmp x = {title, post->lang, creator, producer, date, id, post->pdfx == NULL, post->pdfx != NULL};
  char *xmp = vl_xmp_packet(&x);
  g_free(title);
  g_free(creator);
  g_free(producer);
  g_free(date);
  qpdf_oh meta = qpdf_make_indirect_object(q, qpdf_oh_new_stream(q));
  qpdf_oh_replace_stream_data(q, meta, (const unsigned char *)xmp, strlen(xmp), qpdf_oh_new_null(q),
                              qpdf_oh_new_null(q));
  qpdf_oh d = qpdf_oh_get_dict(q, meta);
  qpdf_oh_replace_key(q, d, "/Type", qpdf_oh_new_name(q, "/Metadata"));
  qpdf_oh_replace_key(q, d, "/Subtype", qpdf_oh_new_name(q, "/XML"));
  qpdf_oh_replace_key(q, root, "/Metadata", meta);
  g_free(xmp);
  g_free(id);
}

/* The press the colours were converted for, with its profile. */
static void add_output_intent(qpdf_data q, qpdf_oh root, const VlCmyk *cmyk) {
  gsize len;
  const char *icc = vl_cmyk_profile(cmyk, &len);
  qpdf_oh prof = qpdf_make_indirect_object(q, qpdf_oh_new_stream(q));
  qpdf_oh_replace_stream_data(q, prof, (const unsigned char *)icc, len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
  qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, prof), "/N", qpdf_oh_new_integer(q, 4));
  qpdf_oh oi = qpdf_oh_new_dictionary(q);
  qpdf_oh_replace_key(q, oi, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
  qpdf_oh_replace_key(q, oi, "/S", qpdf_oh_new_name(q, "/GTS_PDFX"));
  qpdf_oh_replace_key(q, oi, "/OutputConditionIdentifier", qpdf_oh_new_unicode_string(q, "Custom"));
  qpdf_oh_replace_key(q, oi, "/Info", qpdf_oh_new_unicode_string(q, vl_cmyk_description(cmyk)));
  qpdf_oh_replace_key(q, oi, "/DestOutputProfile", prof);
  qpdf_oh arr = qpdf_oh_new_array(q);
  qpdf_oh_append_item(q, arr, oi);
  qpdf_oh_replace_key(q, root, "/OutputIntents", arr);
  qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
  if (qpdf_oh_is_dictionary(q, info)) {
    qpdf_oh_replace_key(q, info, "/Trapped", qpdf_oh_new_name(q, "/False"));
    qpdf_oh_replace_key(q, info, "/GTS_PDFXVersion", qpdf_oh_new_unicode_string(q, "PDF/X-4"));
  }
}

/* Rewrites the content stream S with every colour as gray (colorops.h). */
static void gray_stream(qpdf_data q, qpdf_oh s) {
  unsigned char *buf = NULL;
  size_t len = 0;
  QPDF_BOOL filtered = QPDF_FALSE;
  if (qpdf_oh_get_stream_data(q, s, qpdf_dl_generalized, &filtered, &buf, &len) & QPDF_ERRORS || !filtered) {
    free(buf);
    return;
  }
  GString *out = g_string_sized_new(len);
  vl_colorops_map((const char *)buf, len, vl_colorops_gray, NULL, out);
  free(buf);
  /* Stored plain; qpdf compresses it as it writes the file. */
  qpdf_oh_replace_stream_data(q, s, (const unsigned char *)out->str, out->len, qpdf_oh_new_null(q),
                              qpdf_oh_new_null(q));
  g_string_free(out, TRUE);
}

/* A transparency group's colour space (a page's or a form's /Group) as gray. */
static void gray_group(qpdf_data q, qpdf_oh dict) {
  if (!qpdf_oh_has_key(q, dict, "/Group")) return;
  qpdf_oh g = qpdf_oh_get_key(q, dict, "/Group");
  if (qpdf_oh_is_dictionary(q, g) && qpdf_oh_has_key(q, g, "/CS"))
    qpdf_oh_replace_key(q, g, "/CS", qpdf_oh_new_name(q, "/DeviceGray"));
}

/* Every content stream as gray: the pages' and every form's, tiling
 * pattern's and Type 3 glyph's (Cairo draws groups, soft masks and
 * patterns as forms). Pictures are already gray: Cairo writes an image
 * whose pixels are all gray as DeviceGray. */
static void gray_all(qpdf_data q) {
  int pages = qpdf_get_num_pages(q);
  for (int i = 0; i < pages; i++) {
    qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
    gray_group(q, page);
    qpdf_oh c = qpdf_oh_get_key(q, page, "/Contents");
    int n = qpdf_oh_is_array(q, c) ? qpdf_oh_get_array_n_items(q, c) : 1;
    for (int k = 0; k < n; k++) {
      qpdf_oh s = qpdf_oh_is_array(q, c) ? qpdf_oh_get_array_item(q, c, k) : c;
      if (qpdf_oh_is_stream(q, s)) gray_stream(q, s);
    }
  }
  qpdf_oh size = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size");
  int last = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
  for (int id = 1; id < last; id++) {
    qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
    if (qpdf_oh_is_stream(q, o)) {
      qpdf_oh d = qpdf_oh_get_dict(q, o);
      if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, d, "/Subtype"), "/Form") ||
          qpdf_oh_has_key(q, d, "/PatternType")) {
        gray_group(q, d);
        gray_stream(q, o);
      }
    } else if (qpdf_oh_is_dictionary(q, o) &&
               qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, o, "/Subtype"), "/Type3")) {
      qpdf_oh procs = qpdf_oh_get_key(q, o, "/CharProcs");
      if (!qpdf_oh_is_dictionary(q, procs)) continue;
      qpdf_oh_begin_dict_key_iter(q, procs);
      GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
      while (qpdf_oh_dict_more_keys(q)) g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
      for (guint k = 0; k < keys->len; k++) {
        qpdf_oh s = qpdf_oh_get_key(q, procs, g_ptr_array_index(keys, k));
        if (qpdf_oh_is_stream(q, s)) gray_stream(q, s);
      }
      g_ptr_array_free(keys, TRUE);
    }
  }
}

__attribute__((visibility("default"))) GBytes *vl_pdfpart_finish(const char *build, gsize post_size, const char *in,
                                                                 const char *data, gsize len, const VlPdfPost *post,
                                                                 GError **err) {
  if (strcmp(build, VOLANTE_VERSION) || post_size != sizeof *post) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s is from volante %s, not from this volante (%s)", in,
                VL_PDF_PART, VOLANTE_VERSION, build);
    return NULL;
  }
  qpdf_data q = qpdf_init();
  qpdf_silence_errors(q);
  qpdf_set_suppress_warnings(q, QPDF_TRUE);
  gboolean ok = FALSE, ours = FALSE;
  GBytes *done_bytes = NULL;
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
    if (!finish_page(q, page, post, in, err)) {
      ours = TRUE;
      goto done;
    }
  }
  if (post->pdfx) {
    if (qpdf_oh_has_key(q, root, "/StructTreeRoot")) drop_objr(q, qpdf_oh_get_key(q, root, "/StructTreeRoot"), 0);
    add_output_intent(q, root, post->pdfx);
  }
  fix_dates(q);
  add_metadata(q, root, post, data, len);
  if (post->gray) gray_all(q);
  if (qpdf_has_error(q)) goto done;
  /* Into memory, and the caller writes it (vl_write_atomic): qpdf's own file
   * writer does not report a flush that fails on a full disk. */
  if (qpdf_init_write_memory(q) & QPDF_ERRORS) goto done;
  /* The same input gives the same bytes (an /ID from the content, not the clock). */
  qpdf_set_deterministic_ID(q, QPDF_TRUE);
  if (post->pdfx) qpdf_set_minimum_pdf_version(q, "1.6"); /* PDF/X-4 is made of PDF 1.6 */
  /* Cairo's streams are already compressed: pass them through untouched
   * (decoding and compressing again doubled the cost of a flyer). */
  qpdf_set_decode_level(q, qpdf_dl_none);
  qpdf_set_object_stream_mode(q, qpdf_o_preserve);
  if (qpdf_write(q) & QPDF_ERRORS) goto done;
  ok = TRUE;
  done_bytes = g_bytes_new(qpdf_get_buffer(q), qpdf_get_buffer_length(q));
done:
  if (!ok && !ours) {
    qpdf_error e = qpdf_get_error(q);
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot finish the PDF with qpdf: %s", in,
                e ? qpdf_get_error_full_text(q, e) : "unknown error");
  }
  qpdf_cleanup(&q);
  return done_bytes;
}

/* The file SYM is in, onto OUT as a line; FALSE when it cannot be told. */
static gboolean add_library(GString *out, void *sym) {
  Dl_info info;
  if (!sym || !dladdr(sym, &info) || !info.dli_fname || info.dli_fname[0] != '/') return FALSE;
  g_string_append_printf(out, "%s\n", info.dli_fname);
  return TRUE;
}

__attribute__((visibility("default"))) const char *vl_pdfpart_libraries(void) {
  static char *libs;
  static gboolean done;
  if (!done) {
    done = TRUE;
    GString *s = g_string_new(NULL);
    /* zlib comes with libqpdf: looked up, not loaded. */
    void *z = dlopen("libz.so.1", RTLD_LAZY | RTLD_NOLOAD);
    gboolean ok = add_library(s, (void *)qpdf_init) && add_library(s, (void *)cmsGetEncodedCMMversion) &&
                  add_library(s, z ? dlsym(z, "deflate") : NULL);
    if (z) dlclose(z);
    libs = g_string_free(s, !ok);
  }
  return libs;
}
