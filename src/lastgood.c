#include "lastgood.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "lang.h"
#include "util.h"

struct VlLastGood {
  char *dir;       /* STATE/last-good, or NULL: nothing kept */
  gboolean warned; /* a failure was said: not again */
};

/* One line for the log, once: a kiosk that cannot keep copies runs on. */
static void warn_once(VlLastGood *lg, const char *what, const char *why) {
  if (lg->warned) return;
  lg->warned = TRUE;
  fprintf(stderr, "volante kiosk: %s: cannot keep the last good translations: %s\n", what, why);
}

VlLastGood *vl_lastgood_new(const char *state_dir) {
  VlLastGood *lg = g_new0(VlLastGood, 1);
  if (!state_dir || !*state_dir) return lg;
  lg->dir = g_build_filename(state_dir, "last-good", NULL);
  /* Only for the kiosk's user: the folder holds nothing secret, but nobody
   * else has any business changing what the kiosk falls back to. */
  if (g_mkdir_with_parents(lg->dir, 0700) != 0) warn_once(lg, lg->dir, g_strerror(errno));
  return lg;
}

void vl_lastgood_free(VlLastGood *lg) {
  if (!lg) return;
  g_free(lg->dir);
  g_free(lg);
}

/* Keeps PO, which just loaded cleanly, as the last good copy of TAG,
 * unless the copy already holds the same bytes. The file is read again
 * here, so it could have changed since it loaded: the bytes are written
 * beside (STATE/last-good/new/TAG.po), read back as a PO file, and only
 * then renamed over the copy; a file caught half-saved keeps the old copy. */
static void keep(VlLastGood *lg, const char *tag, const char *po) {
  GError *e = NULL;
  gsize len = 0, old_len = 0;
  char *data = vl_read_file(po, &len, &e);
  if (!data) {
    warn_once(lg, po, e->message);
    g_error_free(e);
    return;
  }
  char *name = g_strconcat(tag, ".po", NULL), *path = g_build_filename(lg->dir, name, NULL);
  char *side = g_build_filename(lg->dir, "new", NULL), *fresh = g_build_filename(side, name, NULL);
  char *old = NULL;
  if (!g_file_get_contents(path, &old, &old_len, NULL) || old_len != len || memcmp(old, data, len) != 0) {
    VlCatalog *check = NULL;
    if (g_mkdir_with_parents(side, 0700) != 0) {
      warn_once(lg, side, g_strerror(errno));
    } else if (!vl_write_atomic_mode(fresh, data, len, 0600, &e)) {
      warn_once(lg, lg->dir, e->message);
      g_clear_error(&e);
    } else if ((check = vl_catalog_load(fresh, NULL)) && g_rename(fresh, path) != 0) {
      warn_once(lg, path, g_strerror(errno));
    }
    vl_catalog_free(check);
    g_unlink(fresh);
  }
  g_free(old);
  g_free(fresh);
  g_free(side);
  g_free(path);
  g_free(name);
  g_free(data);
}

VlShow *vl_lastgood_load(VlLastGood *lg, const char *content_dir, const char *layouts_dir, const char *fonts_dir,
                         char **langs, int w, int h, const VlShow *last, GError **err) {
  VlShow *s = vl_show_load_kept(content_dir, layouts_dir, fonts_dir, langs, w, h, last, lg->dir, err);
  for (guint i = 0; s && lg->dir && i < vl_show_langs(s); i++) {
    const char *po = vl_show_lang_po(s, i);
    if (po) keep(lg, vl_lang_tag(vl_show_lang(s, i)), po);
  }
  return s;
}

char *vl_lastgood_state_from_env(void) {
  const char *env = g_getenv("STATE_DIRECTORY");
  if (!env || !*env) return NULL;
  const char *colon = strchr(env, ':');
  return colon ? g_strndup(env, colon - env) : g_strdup(env);
}
