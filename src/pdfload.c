/* dladdr, RTLD_*: glibc extensions beyond C11 and POSIX. */
#define _GNU_SOURCE
#include <dlfcn.h>

#include "pdfpart.h"
#include "pdfpost.h"
#include "util.h"

/* The module, once loaded (or why it could not be), for the whole process:
 * a worker forked after the load has it too. */
static VlPdfPartFinish finish;
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

void vl_pdfpost_load(void) {
  if (!finish && !why) {
    char *path = part_path();
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    void *fn = h ? dlsym(h, VL_PDF_PART_ENTRY) : NULL;
    if (fn)
      finish = (VlPdfPartFinish)fn;
    else
      why = h ? g_strdup_printf("%s: no " VL_PDF_PART_ENTRY
                                " in it (the part of volante that finishes PDFs; "
                                "reinstall volante)",
                                path)
              : g_strdup_printf("%s (the part of volante that finishes PDFs; reinstall volante)", dlerror());
    g_free(path);
  }
}

gboolean vl_pdfpost_apply(const char *in, const char *data, gsize len, const char *out, const VlPdfPost *post,
                          GError **err) {
  vl_pdfpost_load();
  if (!finish) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", in, why);
    return FALSE;
  }
  GBytes *done = finish(VOLANTE_VERSION, sizeof *post, in, data, len, post, err);
  if (!done) return FALSE;
  gsize n = 0;
  const char *bytes = g_bytes_get_data(done, &n);
  gboolean ok = vl_write_atomic(out, bytes, n, err);
  g_bytes_unref(done);
  return ok;
}
