/* dladdr, RTLD_*: glibc extensions beyond C11 and POSIX. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <lcms2.h>
#include <string.h>

#include "cache.h"
#include "cmyk.h"
#include "digest.h"
#include "files.h"
#include "pdfpart.h"
#include "pdfpost.h"
#include "util.h"

/* The module, once loaded (or why it could not be), for the whole process:
 * a worker forked after the load has it too. */
static VlPdfPartFinish finish;
static char *library_ids; /* the libraries' identities when the module was loaded (memo_put), or NULL */
static char *why;

/* VL_PDF_PART beside the file this code is in (dladdr): volante-cli.so and
 * the part share a folder, installed or built, as does the kiosk's program. */
static char *part_path(void) {
  Dl_info info;
  char *dir =
      dladdr((void *)part_path, &info) && info.dli_fname && *info.dli_fname ? g_path_get_dirname(info.dli_fname) : NULL;
  if (!dir) {
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    dir = g_path_get_dirname(exe ? exe : ".");
    g_free(exe);
  }
  char *path = g_build_filename(dir, VL_PDF_PART, NULL);
  g_free(dir);
  return path;
}

/* vl_file_id's line for the file at PATH, or NULL. */
static char *file_identity(const char *path) {
  char *id = vl_file_id(path);
  char *line = id ? g_strconcat(id, "\n", NULL) : NULL;
  g_free(id);
  return line;
}

/* The identity of each file in PATHS (a path a line), a line each; NULL
 * when one cannot be told. Taken when the module is loaded: a library
 * replaced on disk later (an upgrade while a --watch runs) is not the
 * code that made the bytes. */
static char *identities(const char *paths) {
  if (!paths || !*paths) return NULL;
  GString *v = g_string_new(NULL);
  gchar **each = g_strsplit(paths, "\n", -1);
  gboolean ok = TRUE;
  for (gchar **p = each; ok && *p; p++) {
    if (!**p) continue;
    char *id = file_identity(*p);
    if (id) g_string_append(v, id);
    ok = id != NULL;
    g_free(id);
  }
  g_strfreev(each);
  return g_string_free(v, !ok);
}

void vl_pdfpost_load(void) {
  if (!finish && !why) {
    char *path = part_path();
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    void *fn = h ? dlsym(h, VL_PDF_PART_ENTRY) : NULL;
    if (fn) {
      finish = (VlPdfPartFinish)fn;
      VlPdfPartLibraries libraries = (VlPdfPartLibraries)dlsym(h, VL_PDF_PART_LIBRARIES);
      library_ids = libraries ? identities(libraries()) : NULL;
    } else
      why = h ? g_strdup_printf("%s: no " VL_PDF_PART_ENTRY
                                " in it (the part of volante that finishes PDFs; "
                                "reinstall volante)",
                                path)
              : g_strdup_printf("%s (the part of volante that finishes PDFs; reinstall volante)", dlerror());
    g_free(path);
  }
}

/* ---------------------------------------------------------------------
 * Finished PDFs kept across runs. What the module returns depends on
 * nothing but Cairo's bytes, POST, the module's code and the libraries it
 * calls: a run that draws a page as the last run did (content and fonts
 * unchanged) takes the finished file from the cache (a blob of kind
 * "pdf", cache.h) and neither loads libqpdf's eleven libraries nor reads
 * and writes the PDF again, which was a third of a flyer's time.
 *
 * The key: the module's file (path, device, inode, size, time), POST, and
 * Cairo's bytes. The blob: the libraries' files, a line each with the same
 * identity, an empty line, then the PDF. A blob is used only while every
 * library it names is still that file: a Debian upgrade of libqpdf or
 * zlib makes the PDF again.
 */

/* A finished PDF larger than this (pictures) is not kept: the cache stays small. */
#define MEMO_MAX (1 << 20)

static void add_texts(VlDigest *d, const GPtrArray *a) {
  guint32 n = a ? a->len : G_MAXUINT32;
  vl_digest_add(d, &n, sizeof n);
  for (guint i = 0; a && i < a->len; i++) vl_digest_add_str(d, g_ptr_array_index(a, i), TRUE);
}

/* The last LEN-byte NEEDLE in the N bytes at HAY, or NULL. */
static const char *last_of(const char *hay, gsize n, const char *needle) {
  gsize k = strlen(needle);
  for (const char *p = hay + n - MIN(n, k); n >= k && p >= hay; p--)
    if (*p == *needle && !memcmp(p, needle, k)) return p;
  return NULL;
}

/* Adds DATA, Cairo's PDF, to D. Without SOURCE_DATE_EPOCH, Cairo dates the
 * document by the clock (its Info dictionary, written last, after the
 * fonts): those two lines are left out, so an unchanged page is found again
 * a second later, and the file made then, with the date it was first made,
 * is written again (the page has not changed since). With SOURCE_DATE_EPOCH
 * the date asked for is part of the key. */
static void add_undated(VlDigest *d, const char *data, gsize len) {
  GDateTime *source = vl_source_time();
  const char *info = source ? NULL : last_of(data, len, "\n<< /Producer (cairo ");
  if (source) g_date_time_unref(source);
  const char *end = info ? memmem(info, (gsize)(data + len - info), "\nendobj", 7) : NULL;
  const char *from = data;
  for (const char *p = info; end && p < end; p++) {
    if (*p != '\n' || (strncmp(p, "\n   /CreationDate ", 18) && strncmp(p, "\n   /ModDate ", 13))) continue;
    const char *eol = memchr(p + 1, '\n', (gsize)(end - p - 1));
    if (!eol) break;
    vl_digest_add(d, from, (gsize)(p - from));
    vl_digest_add_str(d, "\n(date)", FALSE);
    from = p = eol;
    p--;
  }
  vl_digest_add(d, from, (gsize)(data + len - from));
}

/* The key of DATA finished as POST says, into KEY; FALSE when there is none
 * (the module's file cannot be told). */
static gboolean memo_key(const char *data, gsize len, const VlPdfPost *post, guint8 key[VL_DIGEST_LEN]) {
  static char *part_id;
  static gboolean part_known;
  if (!part_known) {
    char *path = part_path();
    part_id = file_identity(path);
    part_known = TRUE;
    g_free(path);
  }
  if (!part_id) return FALSE;
  VlDigest *d = vl_digest_new();
  vl_digest_add_str(d, "volante-pdf-finish 1 " VOLANTE_VERSION, TRUE);
  vl_digest_add_str(d, part_id, TRUE);
  /* PDF/X: the press's profile itself (its colours and output intent) and
   * Little CMS's version (its conversions). */
  gsize icc_len = 0;
  const char *icc = post->pdfx ? vl_cmyk_profile(post->pdfx, &icc_len) : "";
  guint64 icc_n = icc_len;
  int cms = post->pdfx ? cmsGetEncodedCMMversion() : 0;
  vl_digest_add(d, &icc_n, sizeof icc_n);
  vl_digest_add(d, icc, icc_len);
  vl_digest_add(d, &cms, sizeof cms);
  if (post->pdfx) vl_digest_add_str(d, vl_cmyk_description(post->pdfx), TRUE);
  vl_digest_add_str(d, post->lang ? post->lang : "\x01", TRUE);
  add_texts(d, post->sect_langs);
  add_texts(d, post->figure_alts);
  vl_digest_add(d, post->trim, sizeof post->trim);
  vl_digest_add(d, post->bleed, sizeof post->bleed);
  guint8 flags = (guint8)((post->pdfx != NULL) | (post->gray ? 2 : 0));
  vl_digest_add(d, &flags, 1);
  guint64 n = len;
  vl_digest_add(d, &n, sizeof n);
  add_undated(d, data, len);
  vl_digest_end(d, key);
  return TRUE;
}

/* The PDF in BLOB when every library it names is still the same file (a
 * view into BLOB), or NULL. */
static const char *memo_pdf(GBytes *blob, gsize *len) {
  gsize n = 0;
  const char *p = g_bytes_get_data(blob, &n), *end = p + n;
  while (p < end && *p != '\n') {
    const char *eol = memchr(p, '\n', (gsize)(end - p));
    const char *tab = eol ? memchr(p, '\t', (gsize)(eol - p)) : NULL;
    if (!tab) return NULL;
    char *path = g_strndup(p, (gsize)(tab - p)), *now = file_identity(path);
    gboolean same = now && strlen(now) == (gsize)(eol + 1 - p) && !memcmp(now, p, (gsize)(eol + 1 - p));
    g_free(path);
    g_free(now);
    if (!same) return NULL;
    p = eol + 1;
  }
  if (p >= end) return NULL;
  *len = (gsize)(end - p - 1);
  return p + 1;
}

/* Keeps PDF under KEY with the identities of the module's libraries. */
static void memo_put(const guint8 key[VL_DIGEST_LEN], GBytes *pdf) {
  if (!library_ids) return;
  gsize n = 0;
  const char *bytes = g_bytes_get_data(pdf, &n);
  GString *v = g_string_new(library_ids);
  g_string_append_c(v, '\n');
  g_string_append_len(v, bytes, (gssize)n);
  if (v->len <= MEMO_MAX) vl_cache_blob_put("pdf", key, VL_DIGEST_LEN, v->str, v->len);
  g_string_free(v, TRUE);
}

gboolean vl_pdfpost_apply(const char *in, const char *data, gsize len, const char *out, const VlPdfPost *post,
                          GError **err) {
  guint8 key[VL_DIGEST_LEN];
  gboolean memo = vl_cache_blobs_on() && memo_key(data, len, post, key);
  GBytes *kept = memo ? vl_cache_blob_get("pdf", key, sizeof key) : NULL;
  if (kept) {
    gsize n = 0;
    const char *pdf = memo_pdf(kept, &n);
    gboolean ok = pdf && vl_write_output(out, pdf, n, err);
    g_bytes_unref(kept);
    if (pdf) return ok;
  }
  vl_pdfpost_load();
  if (!finish) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", in, why);
    return FALSE;
  }
  GBytes *done = finish(VOLANTE_VERSION, sizeof *post, in, data, len, post, err);
  if (!done) return FALSE;
  gsize n = 0;
  const char *bytes = g_bytes_get_data(done, &n);
  gboolean ok = vl_write_output(out, bytes, n, err);
  if (ok && memo) memo_put(key, done);
  g_bytes_unref(done);
  return ok;
}
