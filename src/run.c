/* fork, pipe, mmap: POSIX and BSD interfaces beyond C11. */
#define _DEFAULT_SOURCE
#include "run.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <pango/pango.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"
#include "cache.h"
#include "catalog.h"
#include "content.h"
#include "deflates.h"
#include "event.h"
#include "fonts.h"
#include "glyphs.h"
#include "lang.h"
#include "lint.h"
#include "page.h"
#include "pdfpost.h"
#include "pseudo.h"
#include "template.h"
#include "typeset.h"
#include "util.h"

typedef struct {
  VlTemplate *tmpl;
  int lang[2];   /* indexes into Run.langs */
  int source;    /* proofs: the language the page is shown beside (index into Run.langs), -1: the content's */
  char *name;    /* "flyer/es" */
  char *base;    /* output files without their extension ("out/flyer/es"), or NULL (backend.h names them) */
  gint64 weight; /* expected cost (order_jobs) */
  gint64 group;  /* its language's jobs' cost together, heaviest first, then the language (order_jobs) */
  int plan;      /* its place in the plan, which ties keep */
} Job;

static int job_heavier(gconstpointer a, gconstpointer b) {
  const Job *x = *(Job *const *)a, *y = *(Job *const *)b;
  if (x->group != y->group) return x->group > y->group ? -1 : 1;
  if (x->lang[0] != y->lang[0]) return x->lang[0] < y->lang[0] ? -1 : 1;
  if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
  return (x->plan > y->plan) - (x->plan < y->plan);
}

typedef struct {
  const VlRunOptions *o;
  VlContent *content;
  VlEvent *event; /* the content's [event], or NULL */
  VlFonts *fonts;
  VlCache *cache;      /* earlier runs' searches (cache.h); NULL: off */
  GPtrArray *langs;    /* VlLang* */
  GPtrArray *catalogs; /* VlCatalog* or NULL, parallel to langs */
  GPtrArray *jobs;     /* Job* */
  VlDiag *diag;
  GHashTable *ref_scales; /* VlTemplate* -> double[] of English scales (per worker) */
  int *shared;            /* [0] next group of jobs to take, [1] jobs finished: shared by the worker processes */
  GArray *groups;         /* int: where each group of jobs starts in jobs (order_jobs), and jobs->len last */
  int written;
  int broken_layouts; /* layouts that could not be read (reported) */
  guint requested;    /* languages asked for (and the source of pairs); after them, the proofs' sources */
} Run;

static int name_cmp(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

char **vl_layout_names(const char *dir) {
  GPtrArray *names = g_ptr_array_new();
  GDir *d = g_dir_open(dir, 0, NULL);
  if (d) {
    for (const char *n; (n = g_dir_read_name(d));)
      if (g_str_has_suffix(n, ".ini") && n[0] != '.') g_ptr_array_add(names, g_strndup(n, strlen(n) - 4));
    g_dir_close(d);
  }
  g_ptr_array_sort(names, name_cmp);
  g_ptr_array_add(names, NULL);
  return (char **)g_ptr_array_free(names, FALSE);
}

static int lang_index(Run *r, const char *tag) {
  for (guint i = 0; i < r->langs->len; i++)
    if (!strcmp(vl_lang_tag(g_ptr_array_index(r->langs, i)), tag)) return (int)i;
  return -1;
}

/* Adds TAG to the run's languages; -1 and *err set when there is no such language. */
static int add_lang(Run *r, const char *tag, GError **err) {
  char **known = vl_content_langs(r->content);
  if (!g_strv_contains((const char *const *)known, tag) && !vl_pseudo_is(tag)) {
    char *list = g_strjoinv(", ", known);
    char *po = vl_content_po_path(r->content, tag);
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "unknown language '%s': there is no %s (known: %s)", tag, po,
                list);
    g_free(po);
    g_free(list);
    return -1;
  }
  VlLang *l = vl_lang_new(tag, err);
  if (!l) return -1;
  g_ptr_array_add(r->langs, l);
  VlCatalog *cat = NULL;
  if (vl_pseudo_is(tag)) {
    cat = vl_pseudo_catalog(r->content, tag);
  } else if (strcmp(tag, vl_content_source_lang(r->content)) != 0) {
    char *po = vl_content_po_path(r->content, tag);
    GError *e = NULL;
    cat = vl_catalog_load(po, &e);
    if (!cat) {
      vl_diag_add_error(r->diag, "syntax", tag, "", po, e);
      g_error_free(e);
    }
    g_free(po);
  }
  g_ptr_array_add(r->catalogs, cat);
  return (int)r->langs->len - 1;
}

/* Adds NAME (a tag, or a POSIX name: pt_BR) to the run's languages; -1 and
 * *err set when there is no such language. */
static int need_lang(Run *r, const char *name, GError **err) {
  char *tag = vl_lang_canonical(name, err);
  int i = tag ? lang_index(r, tag) : -1;
  if (tag && i < 0) i = add_lang(r, tag, err);
  g_free(tag);
  return i;
}

static gboolean lang_usable(Run *r, int i) {
  const char *tag = vl_lang_tag(g_ptr_array_index(r->langs, i));
  return g_ptr_array_index(r->catalogs, i) || !strcmp(tag, vl_content_source_lang(r->content));
}

static void add_job(Run *r, VlTemplate *t, int a, int b) {
  if (!lang_usable(r, a) || (b >= 0 && !lang_usable(r, b))) return; /* already reported */
  for (guint i = 0; i < r->jobs->len; i++) {
    Job *o = g_ptr_array_index(r->jobs, i);
    if (o->tmpl == t && o->lang[0] == a && o->lang[1] == b) return; /* asked twice: "es" and "es+en" */
  }
  Job *j = g_new0(Job, 1);
  j->tmpl = t;
  j->lang[0] = a;
  j->lang[1] = b;
  j->source = -1;
  const char *ta = vl_lang_tag(g_ptr_array_index(r->langs, a));
  char *file = b >= 0 ? g_strdup_printf("%s+%s", ta, vl_lang_tag(g_ptr_array_index(r->langs, b))) : g_strdup(ta);
  j->name = g_strdup_printf("%s/%s", vl_template_name(t), file);
  if (r->o->out_dir) j->base = g_build_filename(r->o->out_dir, vl_template_name(t), file, NULL);
  g_free(file);
  g_ptr_array_add(r->jobs, j);
}

/* A translation to show in an example ("es"): the content's first. */
static const char *some_translation(Run *r) {
  char **known = vl_content_langs(r->content);
  for (int i = 0; known[i]; i++)
    if (strcmp(known[i], vl_content_source_lang(r->content)) != 0) return known[i];
  return "LANG";
}

/* A request that gives a layout or a language nothing to print (a pair for a
 * one-language layout, the source language alone for a two-language one)
 * would write no file and say nothing: say why instead. USED_T: each
 * template was given a page; USED_R: each request went to some layout. */
static gboolean say_why_nothing(Run *r, GPtrArray *templates, char **req, const gboolean *used_t,
                                const gboolean *used_r, GError **err) {
  const char *src = vl_content_source_lang(r->content), *tr = some_translation(r);
  for (guint t = 0; r->o->layouts && t < templates->len; t++) {
    if (used_t[t] || !req[0]) continue;
    VlTemplate *tm = g_ptr_array_index(templates, t);
    if (vl_template_slots(tm) == 1) {
      char *one = g_strndup(req[0], strcspn(req[0], "+"));
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                  "layout '%s' prints one language, not a pair like '%s': ask for --lang %s", vl_template_name(tm),
                  req[0], one);
      g_free(one);
    } else {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                  "layout '%s' prints two languages and pairs each translation with '%s': ask for a translation "
                  "(--lang %s) or a pair (--lang %s+%s), not '%s' alone",
                  vl_template_name(tm), src, tr, tr, src, req[0]);
    }
    return FALSE;
  }
  /* A language may have been meant for a layout that could not be read: that is reported already.
   * Languages nobody named (no --lang: every one of the content) need not
   * all have a page: the source language alone has none in a two-language
   * layout, and that is no mistake to report. */
  for (int i = 0; !r->broken_layouts && r->o->langs && req[i]; i++) {
    if (used_r[i]) continue;
    GString *names = g_string_new(NULL);
    for (guint t = 0; t < templates->len; t++)
      g_string_append_printf(names, "%s%s", t ? ", " : "", vl_template_name(g_ptr_array_index(templates, t)));
    if (strchr(req[i], '+')) {
      char *one = g_strndup(req[i], strcspn(req[i], "+"));
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                  "--lang %s gives no layout asked for (%s) a page: they print one language: ask for --lang %s, or "
                  "for a two-language layout (volante layouts lists them)",
                  req[i], names->str, one);
      g_free(one);
    } else {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                  "--lang %s gives no layout asked for (%s) a page: they print two languages, pairing each "
                  "translation with '%s': ask for a translation (--lang %s) or a pair (--lang %s+%s)",
                  req[i], names->str, src, tr, tr, src);
    }
    g_string_free(names, TRUE);
    return FALSE;
  }
  return TRUE;
}

/* Builds the job list from the requested layouts x languages. A one-language
 * layout takes each single language; a two-language layout takes each pair,
 * and pairs a single language with the source language. */
static gboolean plan(Run *r, GPtrArray *templates, GError **err) {
  const char *src = vl_content_source_lang(r->content);
  char **req = r->o->langs ? r->o->langs : vl_content_langs(r->content);
  gboolean *used_t = g_new0(gboolean, templates->len + 1), *used_r = g_new0(gboolean, g_strv_length(req) + 1);
  gboolean ok = TRUE;
  for (int i = 0; ok && req[i]; i++) {
    char **pair = g_strsplit(req[i], "+", -1);
    guint n = g_strv_length(pair);
    if (n < 1 || n > 2 || !*pair[0] || (n == 2 && !*pair[1])) {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "'%s' is neither a language nor a pair like es+en", req[i]);
      g_strfreev(pair);
      ok = FALSE;
      break;
    }
    int a = need_lang(r, pair[0], err), b = -1;
    if (a >= 0 && n == 2) b = need_lang(r, pair[1], err);
    g_strfreev(pair);
    if (a < 0 || (n == 2 && b < 0)) ok = FALSE;
    for (guint t = 0; ok && t < templates->len; t++) {
      VlTemplate *tm = g_ptr_array_index(templates, t);
      int slots = vl_template_slots(tm), s = -1;
      gboolean alone = strcmp(vl_lang_tag(g_ptr_array_index(r->langs, a)), src) == 0; /* the source language */
      gboolean fits = (slots == 1 && n == 1) || (slots == 2 && n == 2) || (slots == 2 && !alone);
      if (slots == 2 && n == 1 && fits && (s = need_lang(r, src, err)) < 0) ok = FALSE;
      if (!ok || !fits) continue;
      used_t[t] = used_r[i] = TRUE;
      add_job(r, tm, a, slots == 1 ? -1 : n == 2 ? b : s);
    }
  }
  if (ok) ok = say_why_nothing(r, templates, req, used_t, used_r, err);
  g_free(used_t);
  g_free(used_r);
  return ok;
}

/* The language a translator of language I works from: the one asked for,
 * or the PO header's X-Translated-From, or the content's translated-from.LANG. */
static const char *usual_source(Run *r, int i) {
  if (r->o->source) return r->o->source;
  const VlCatalog *cat = g_ptr_array_index(r->catalogs, i);
  const char *h = cat ? vl_catalog_header(cat, "X-Translated-From") : NULL;
  if (h && *h) return h;
  char *key = g_strconcat("translated-from.", vl_lang_tag(g_ptr_array_index(r->langs, i)), NULL);
  const char *c = vl_content_meta(r->content, key);
  g_free(key);
  return *c ? c : NULL;
}

/* Proofs: the page each job is shown beside. A source that cannot be read
 * (a broken PO file, reported as such) gives way to the content's. */
static gboolean plan_sources(Run *r, GError **err) {
  for (guint i = 0; i < r->jobs->len; i++) {
    Job *j = g_ptr_array_index(r->jobs, i);
    const char *tag = usual_source(r, j->lang[0]);
    if (!tag || !strcmp(tag, vl_content_source_lang(r->content))) continue;
    int s = need_lang(r, tag, err);
    if (s < 0) {
      g_prefix_error(err, "%s: ", r->o->source ? "--source" : vl_lang_tag(g_ptr_array_index(r->langs, j->lang[0])));
      return FALSE;
    }
    j->source = lang_usable(r, s) ? s : -1; /* a broken PO file is reported as such */
  }
  return TRUE;
}

/* The scale English needs in each frame of T: what a translation's shrinking
 * is compared with ("shrunk"). Composed once per layout and worker. */
static const double *ref_scales(Run *r, VlTypesetter *ts, VlTemplate *t) {
  double *s = g_hash_table_lookup(r->ref_scales, t);
  if (s) return s;
  int src = lang_index(r, vl_content_source_lang(r->content));
  VlLang *en = src >= 0 ? NULL : vl_lang_new(vl_content_source_lang(r->content), NULL);
  VlDiag *quiet = vl_diag_new();
  VlPageInput in = {0};
  in.typesetter = ts;
  in.tmpl = t;
  in.content = r->content;
  in.event = r->event;
  in.langs[0] = in.langs[1] = src >= 0 ? g_ptr_array_index(r->langs, src) : en;
  in.diag = quiet;
  VlPage *page = vl_page_compose(&in);
  guint n = vl_page_n_frames(page);
  s = g_new(double, n);
  for (guint i = 0; i < n; i++) s[i] = vl_page_frame_scale(page, i);
  vl_page_free(page);
  vl_diag_free(quiet);
  vl_lang_free(en);
  g_hash_table_insert(r->ref_scales, t, s);
  return s;
}

static void job_run(Run *r, VlTypesetter *ts, Job *j) {
  const VlRunOptions *o = r->o;
  VlPageInput in = {0};
  in.typesetter = ts;
  in.tmpl = j->tmpl;
  in.content = r->content;
  in.event = r->event;
  in.force = o->force;
  in.diag = r->diag;
  for (int s = 0; s < 2; s++) {
    int k = j->lang[s] >= 0 ? j->lang[s] : j->lang[0];
    in.langs[s] = g_ptr_array_index(r->langs, k);
    in.catalogs[s] = g_ptr_array_index(r->catalogs, k);
  }
  if (o->on_page) {
    /* Proofs: every page is shown, problems and all, beside its source. */
    in.force = TRUE;
    VlPage *page = vl_page_compose(&in);
    if (vl_page_min_scale(page) < 1 - vl_template_shrink_warning(j->tmpl))
      vl_page_check_shrunk(page, ref_scales(r, ts, j->tmpl));
    VlDiag *quiet = vl_diag_new();
    VlPageInput src = in;
    src.diag = quiet;
    int s = j->source >= 0 ? j->source : lang_index(r, vl_content_source_lang(r->content));
    VlLang *own = s >= 0 ? NULL : vl_lang_new(vl_content_source_lang(r->content), NULL);
    src.langs[0] = src.langs[1] = s >= 0 ? g_ptr_array_index(r->langs, s) : own;
    src.catalogs[0] = src.catalogs[1] = s >= 0 ? g_ptr_array_index(r->catalogs, s) : NULL;
    VlPage *source = vl_page_compose(&src);
    o->on_page(page, source, j->name, o->on_page_data);
    vl_page_free(source);
    vl_page_free(page);
    vl_lang_free(own);
    vl_diag_free(quiet);
    return;
  }
  VlPage *page = vl_page_compose(&in);
  /* English's own sizes are only needed where a frame shrank enough to be
   * worth a warning, so most jobs never compose the English page. */
  if ((in.catalogs[0] || in.catalogs[1]) && vl_page_min_scale(page) < 1 - vl_template_shrink_warning(j->tmpl))
    vl_page_check_shrunk(page, ref_scales(r, ts, j->tmpl));
  const VlBackend *format = o->format ? o->format : vl_backend_find("pdf");
  if (j->base) {
    if (vl_page_errors(page) == 0 || o->force) {
      char *dir = g_path_get_dirname(j->base);
      GError *e = NULL;
      if (g_mkdir_with_parents(dir, 0755) != 0) {
        vl_diag_add(r->diag, VL_ERROR, "output", vl_lang_tag(in.langs[0]), vl_template_name(j->tmpl), "", dir, 0,
                    "cannot create folder: %s", g_strerror(errno));
      } else {
        char *subject = g_strdup_printf("%s (%s)", vl_content_meta(r->content, "subject"), vl_lang_tag(in.langs[0]));
        VlOutputMeta meta = {NULL, subject, "volante " VOLANTE_VERSION, o->dpi, NULL};
        int n = vl_output_write_page(format, page, j->base, &meta, &o->print, &e);
        if (n >= 0)
          r->written += n;
        else {
          /* The problem names the file already: "PATH: cannot write: why" says it twice. */
          const char *sep = g_str_has_prefix(e->message, j->base) ? strstr(e->message + strlen(j->base), ": ") : NULL;
          char *file = sep ? g_strndup(e->message, (gsize)(sep - e->message)) : vl_output_path(format, j->base, 0);
          vl_diag_add(r->diag, VL_ERROR, "output", vl_lang_tag(in.langs[0]), vl_template_name(j->tmpl), "", file, 0,
                      "%s", sep ? sep + 2 : e->message);
          g_free(file);
          g_error_free(e);
        }
        g_free(subject);
      }
      g_free(dir);
    } else {
      /* An old file left from an earlier run would look current: remove it. */
      vl_output_remove(format, j->base);
    }
  } else {
    r->written++;
  }
  vl_page_free(page);
  int done = __atomic_add_fetch(&r->shared[1], 1, __ATOMIC_SEQ_CST);
  if (o->progress) {
    fprintf(stderr, "\r\033[K%s %d/%d %s", o->out_dir ? "rendering" : "checking", done, (int)r->jobs->len, j->name);
    fflush(stderr);
  }
}

/* TIDY: free what the work made. A worker process about to _exit() skips
 * that: tearing down Pango's font maps is time the run waits for, and the
 * memory goes back with the process. */
static void work(Run *r, gboolean tidy) {
  /* Cairo loads the same glyphs again and again (glyphs.h says why). */
  vl_glyphs_enable();
  /* and compresses the same fonts every run (deflates.h). */
  vl_deflates_enable();
  /* Made for the first job taken: the parent calls this after its workers
   * too, for what none of them took, which is nothing unless a fork failed
   * (a font map for nothing cost 3.5 million instructions and a thread,
   * after the last worker was done). */
  VlTypesetter *ts = NULL;
  /* Each process takes the next job when it is free, so a process that drew
   * the slow pages (CJK fonts) does not hold up the end of the run. */
  int groups = r->groups ? (int)r->groups->len - 1 : (int)r->jobs->len;
  for (int g; (g = __atomic_fetch_add(&r->shared[0], 1, __ATOMIC_SEQ_CST)) < groups;) {
    int from = r->groups ? g_array_index(r->groups, int, g) : g;
    int to = r->groups ? g_array_index(r->groups, int, g + 1) : g + 1;
    if (!ts) {
      ts = vl_typesetter_new(r->fonts);
      vl_typesetter_set_cache(ts, r->cache);
    }
    for (int i = from; i < to; i++) job_run(r, ts, g_ptr_array_index(r->jobs, i));
    /* Each CJK language maps its collection again (a face of its own, in
     * Pango and in FreeType), and the pages its jobs touched would add up:
     * a worker that drew all four CJK languages peaked at 88 MB, where one
     * job needs about 55. */
    vl_fonts_release_pages(r->fonts);
    vl_fonts_save_sorts();
  }
  if (tidy && ts) vl_typesetter_free(ts);
}

/* Problems cross from a worker process to the parent as records of fields
 * separated by 0x1f, records ended by 0x1e (neither can be in a message). */
static void put_field(GString *s, const char *v) {
  for (const char *p = v; *p; p++) g_string_append_c(s, (*p == '\x1e' || *p == '\x1f') ? '?' : *p);
  g_string_append_c(s, '\x1f');
}

static void send_results(Run *r, VlDiag *diag, int fd) {
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "%d\x1e", r->written);
  for (guint i = 0; i < vl_diag_len(diag); i++) {
    const VlProblem *p = vl_diag_get(diag, i);
    g_string_append_printf(s, "%d\x1f%d\x1f", p->severity, p->line);
    put_field(s, p->kind), put_field(s, p->lang), put_field(s, p->layout);
    put_field(s, p->key), put_field(s, p->file), put_field(s, p->message);
    g_string_append_c(s, '\x1e');
  }
  /* What the worker's searches used and learnt, in hexadecimal: the parent
   * alone writes the cache file, so workers never race for it. */
  GBytes *learnt = vl_cache_export(r->cache);
  if (learnt) {
    gsize len = 0;
    const guint8 *d = g_bytes_get_data(learnt, &len);
    g_string_append(s, "cache\x1f");
    for (gsize i = 0; i < len; i++) g_string_append_printf(s, "%02x", d[i]);
    g_string_append(s, "\x1f\x1e");
    g_bytes_unref(learnt);
  }
  for (gsize done = 0; done < s->len;) {
    ssize_t w = write(fd, s->str + done, s->len - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    done += (gsize)w;
  }
  g_string_free(s, TRUE);
}

static void merge_hex(VlCache *c, const char *hex) {
  gsize len = strlen(hex) / 2;
  guint8 *d = g_malloc(len + 1);
  gboolean ok = TRUE;
  for (gsize i = 0; i < len && ok; i++) {
    int hi = g_ascii_xdigit_value(hex[2 * i]), lo = g_ascii_xdigit_value(hex[2 * i + 1]);
    ok = hi >= 0 && lo >= 0;
    d[i] = (guint8)(hi * 16 + lo);
  }
  if (ok) vl_cache_merge(c, d, len);
  g_free(d);
}

static void take_results(Run *r, int fd) {
  GString *s = g_string_new(NULL);
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    g_string_append_len(s, buf, n);
  }
  char **recs = g_strsplit(s->str, "\x1e", -1);
  if (recs[0] && *recs[0]) r->written += atoi(recs[0]);
  for (int i = 1; recs[0] && recs[i]; i++) {
    char **f = g_strsplit(recs[i], "\x1f", -1);
    if (f[0] && f[1] && !strcmp(f[0], "cache"))
      merge_hex(r->cache, f[1]);
    else if (g_strv_length(f) >= 8)
      vl_diag_add(r->diag, (VlSeverity)atoi(f[0]), f[2], f[3], f[4], f[5], f[6], atoi(f[1]), "%s", f[7]);
    g_strfreev(f);
  }
  g_strfreev(recs);
  g_string_free(s, TRUE);
}

static void lint_ahead(Run *r);

/* Renders the jobs in N processes. Pango, cairo and FreeType as shipped in
 * Debian 12 are not safe to use from several threads at once (cairo 1.16
 * shares FreeType faces between font maps), so volante uses every core by
 * forking after everything is loaded. */
static void work_parallel(Run *r, int n) {
  /* libqpdf loads once, before the workers are made, rather than in each;
   * with the cache on, only in a worker that finds a PDF it has not
   * finished before (pdfload.c), so a run of unchanged pages never loads it. */
  if (r->o->out_dir && (!r->o->format || vl_backend_text(r->o->format)) && !vl_cache_blobs_on()) vl_pdfpost_load();
  int *fds = g_new(int, n);
  pid_t *pids = g_new(pid_t, n);
  int started = 0;
  pid_t parent = getpid();
  for (int w = 0; w < n; w++) {
    int p[2];
    if (pipe(p) != 0) break;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
      close(p[0]), close(p[1]);
      break;
    }
    if (pid == 0) {
      vl_signals_worker(parent); /* a worker dies with its parent */
      close(p[0]);
      for (int k = 0; k < started; k++) close(fds[k]);
      VlDiag *mine = vl_diag_new();
      r->diag = mine;
      r->written = 0;
      work(r, FALSE);
      send_results(r, mine, p[1]);
      close(p[1]);
      _exit(0);
    }
    vl_signals_add_worker(pid); /* a signal to the parent stops it too */
    close(p[1]);
    fds[started] = p[0];
    pids[started] = pid;
    started++;
  }
  if (started) lint_ahead(r);
  for (int k = 0; k < started; k++) {
    take_results(r, fds[k]);
    close(fds[k]);
    int status = 0;
    while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR) {
    }
    vl_signals_reaped(pids[k]);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      vl_diag_add(r->diag, VL_ERROR, "internal", "", "", "", "", 0,
                  "a worker process stopped unexpectedly (signal %d); some files were not written",
                  WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  }
  vl_signals_clear_workers();
  /* Whatever no worker took (none could be started): do it here. */
  work(r, TRUE);
  g_free(fds);
  g_free(pids);
}

/* The size of the file of the font that sets language L, in 64 kB (at
 * least 1), from the layout cache when an earlier run with the same fonts
 * asked fontconfig (a match for each language, made before any worker
 * starts: a tenth of the parent's part of a run of 16 languages). */
static int lang_weight(Run *r, VlLang *l) {
  char *key = g_strdup_printf("font-weight\x1d%s", vl_lang_pango(l));
  double v;
  int w;
  if (vl_cache_get(r->cache, key, &v, 1) == 1 && v >= 1 && v <= G_MAXINT) {
    w = (int)v;
  } else {
    w = (int)(vl_fonts_weight(r->fonts, vl_lang_pango(l)) >> 16) + 1;
    v = w;
    vl_cache_put(r->cache, key, &v, 1);
  }
  g_free(key);
  return w;
}

/* Workers take a language's jobs together, so that one process lays out
 * and draws each language: its fonts, glyphs and shaped runs (shapes.c,
 * glyphs.c) are made once, where two processes taking turns made them
 * twice. The heaviest languages go first (those whose font is largest: CJK
 * collections take longest to embed), so that no worker is left with a
 * slow language at the end while the others wait. */
static void order_jobs(Run *r) {
  if (!r->fonts || r->jobs->len < 2) return;
  GHashTable *weights = g_hash_table_new(g_direct_hash, g_direct_equal);
  gint64 *groups = g_new0(gint64, r->langs->len);
  for (guint i = 0; i < r->jobs->len; i++) {
    Job *j = g_ptr_array_index(r->jobs, i);
    j->weight = 0;
    j->plan = (int)i;
    for (int s = 0; s < 2; s++) {
      if (j->lang[s] < 0) continue;
      VlLang *l = g_ptr_array_index(r->langs, j->lang[s]);
      gpointer w;
      if (!g_hash_table_lookup_extended(weights, l, NULL, &w)) {
        w = GINT_TO_POINTER(lang_weight(r, l));
        g_hash_table_insert(weights, l, w);
      }
      j->weight += GPOINTER_TO_INT(w);
    }
    if (j->lang[0] >= 0) groups[j->lang[0]] += j->weight;
  }
  for (guint i = 0; i < r->jobs->len; i++) {
    Job *j = g_ptr_array_index(r->jobs, i);
    j->group = j->lang[0] >= 0 ? groups[j->lang[0]] : j->weight;
  }
  g_ptr_array_sort(r->jobs, job_heavier);
  r->groups = g_array_new(FALSE, FALSE, sizeof(int));
  for (guint i = 0; i < r->jobs->len; i++) {
    const Job *j = g_ptr_array_index(r->jobs, i), *prev = i ? g_ptr_array_index(r->jobs, i - 1) : NULL;
    if (!prev || prev->lang[0] != j->lang[0] || j->lang[0] < 0) {
      int at = (int)i;
      g_array_append_val(r->groups, at);
    }
  }
  int end = (int)r->jobs->len;
  g_array_append_val(r->groups, end);
  g_free(groups);
  g_hash_table_destroy(weights);
}

static gboolean reported(VlDiag *diag, const char *kind, const char *lang, const char *key) {
  for (guint i = 0; i < vl_diag_len(diag); i++) {
    const VlProblem *p = vl_diag_get(diag, i);
    if (!strcmp(p->kind, kind) && !strcmp(p->lang, lang) && !strcmp(p->key, key)) return TRUE;
  }
  return FALSE;
}

typedef struct {
  VlDiag *diag;
  const char *lang, *key, *file;
  int line;
} LintCtx;

static void on_lint(VlSeverity sev, const char *kind, const char *message, void *data) {
  LintCtx *c = data;
  vl_diag_add(c->diag, sev, kind, c->lang, "", c->key, c->file, c->line, "%s", message);
}

/* Entries of CAT that volante cannot use as they are: one for no text of the
 * content (renamed or removed there), or one with plural forms. */
static void check_entries(Run *r, const VlCatalog *cat, const char *lang) {
  char **keys = vl_catalog_keys(cat);
  for (char **k = keys; *k; k++) {
    const VlItem *it = vl_content_item(r->content, *k);
    const VlEntry *e = vl_catalog_lookup(cat, *k);
    if (!it || !it->translatable)
      vl_diag_add(r->diag, VL_WARNING, "unknown-entry", lang, "", *k, vl_catalog_path(cat), e->line,
                  "no text of %s has this msgctxt, so it is never printed (renamed or removed there?): update the PO "
                  "file from the new volante.pot (msgmerge)",
                  vl_content_path(r->content));
    if (e->plural)
      vl_diag_add(r->diag, VL_ERROR, "plural", lang, "", *k, vl_catalog_path(cat), e->line, "%s", VL_PLURAL_MESSAGE);
  }
  g_strfreev(keys);
}

/* Lints every translated entry while the workers render: check_catalogs
 * must wait for the workers' problems (it says only what no page said), and
 * linting sixteen languages alone after them took the parent 30 million
 * instructions with both cores but one idle. */
static void lint_ahead(Run *r) {
  GPtrArray *items = vl_content_items(r->content);
  for (guint l = 0; l < r->requested; l++) {
    const VlCatalog *cat = g_ptr_array_index(r->catalogs, l);
    const char *lang = vl_lang_tag(g_ptr_array_index(r->langs, l));
    for (guint i = 0; cat && i < items->len; i++) {
      const VlItem *it = g_ptr_array_index(items, i);
      const VlEntry *e = it->translatable && *it->text ? vl_catalog_lookup(cat, it->key) : NULL;
      if (e && !e->plural && *e->msgstr) vl_lint_errors(lang, it->text, e->msgstr); /* kept by lint.c */
    }
  }
}

/* Pages report what they use; a translator also needs to hear about entries
 * no selected layout prints (the kiosk's long texts, for one): drafts, stale
 * or broken entries are problems wherever the text will appear, and a missing
 * entry is a warning until a layout needs it. */
static void check_catalogs(Run *r) {
  GPtrArray *items = vl_content_items(r->content);
  for (guint l = 0; l < r->requested; l++) {
    const VlCatalog *cat = g_ptr_array_index(r->catalogs, l);
    if (!cat) continue;
    const VlLang *vlang = g_ptr_array_index(r->langs, l);
    const char *lang = vl_lang_tag(vlang);
    const char *po = vl_catalog_path(cat);
    if (!vl_lang_named(vlang))
      vl_diag_add(r->diag, VL_WARNING, "language-name", lang, "", "", po, vl_catalog_header_line(cat),
                  "ICU has no name of '%s' in the language itself, so the kiosk's buttons, langs and proofs show "
                  "\"%s\": put its name, in its own script, in the PO header as X-Language-Name: NAME",
                  lang, lang);
    char *unknown = vl_lang_rules(lang) ? vl_lint_rules_unknown(vl_lang_rules(lang)) : NULL;
    if (unknown)
      vl_diag_add(r->diag, VL_WARNING, "orthography", lang, "", "", po, vl_catalog_header_line(cat),
                  "X-Volante-Rules names \"%s\", which is no rule (the rules: saltillo, persian-letters, script, "
                  "digits, spaces)",
                  unknown);
    g_free(unknown);
    check_entries(r, cat, lang);
    for (guint i = 0; i < items->len; i++) {
      const VlItem *it = g_ptr_array_index(items, i);
      if (!it->translatable || !*it->text) continue;
      const VlEntry *e = vl_catalog_lookup(cat, it->key);
      if (e && e->plural) continue; /* said by check_entries, not "not translated yet" */
      if (!e || !*e->msgstr) {
        if (!reported(r->diag, "missing-translation", lang, it->key))
          vl_diag_add(r->diag, VL_WARNING, "missing-translation", lang, "", it->key, po,
                      e ? e->line : vl_catalog_end_line(cat),
                      e ? "not translated yet (no layout checked prints this text)" : VL_NOT_IN_FILE_MESSAGE);
        continue;
      }
      if (e->fuzzy) vl_diag_add(r->diag, VL_WARNING, "draft", lang, "", it->key, po, e->line, "%s", VL_DRAFT_MESSAGE);
      const char *stale = vl_entry_stale(e, it->text);
      if (stale) vl_diag_add(r->diag, VL_ERROR, "stale", lang, "", it->key, po, e->line, "%s", stale);
      LintCtx lc = {r->diag, lang, it->key, po, e->line};
      vl_lint_entry(lang, it->text, e->msgstr, on_lint, &lc);
    }
  }
}

/* PO files left out of the languages (a name that is no language, two files
 * of one language): with every language asked for, each; else those of the
 * languages asked for. */
static void report_po_files(Run *r) {
  GPtrArray *tags = g_ptr_array_new();
  for (guint i = 0; i < r->requested; i++) g_ptr_array_add(tags, (gpointer)vl_lang_tag(g_ptr_array_index(r->langs, i)));
  g_ptr_array_add(tags, NULL);
  vl_content_report_po(r->content, r->diag, r->o->langs ? (const char *const *)tags->pdata : NULL);
  g_ptr_array_free(tags, TRUE);
}

static void job_free(gpointer p) {
  Job *j = p;
  g_free(j->name);
  g_free(j->base);
  g_free(j);
}

int vl_run(const VlRunOptions *o, VlDiag *diag, GError **err) {
  Run r = {0};
  r.o = o;
  r.diag = diag;
  r.langs = g_ptr_array_new_with_free_func((GDestroyNotify)vl_lang_free);
  r.catalogs = g_ptr_array_new_with_free_func((GDestroyNotify)vl_catalog_free);
  r.jobs = g_ptr_array_new_with_free_func(job_free);
  r.ref_scales = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  GPtrArray *templates = g_ptr_array_new_with_free_func((GDestroyNotify)vl_template_free);
  int result = -1;
  char **names = NULL;

  r.content = vl_content_load(o->content_dir, err);
  if (!r.content) goto out;
  /* Mistakes in the event's dates are the content's: reported once, whatever layouts run. */
  r.event = vl_event_load(r.content, diag);
  names = o->layouts ? g_strdupv(o->layouts) : vl_layout_names(o->layouts_dir);
  if (!names[0]) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no layouts (NAME.ini) found", o->layouts_dir);
    goto out;
  }
  for (int i = 0; names[i]; i++) {
    char *base = g_strconcat(names[i], ".ini", NULL);
    char *path = g_build_filename(o->layouts_dir, base, NULL);
    g_free(base);
    /* Anything there is read by the layout reader, which refuses (as the
     * layout's problem) what is not a regular file. */
    if (strchr(names[i], '/') || !g_file_test(path, G_FILE_TEST_EXISTS)) {
      char **known = vl_layout_names(o->layouts_dir);
      char *list = g_strjoinv(", ", known);
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "unknown layout '%s' (known: %s)", names[i], list);
      g_free(list);
      g_strfreev(known);
      g_free(path);
      goto out;
    }
    GError *e = NULL;
    VlTemplate *t = vl_template_load(path, names[i], &e);
    if (t && o->paper && !vl_template_set_paper(t, o->paper, err)) {
      vl_template_free(t);
      g_free(path);
      goto out;
    }
    const char *needs = t ? vl_template_needs(t) : NULL;
    if (needs && !vl_content_has_section(r.content, needs) && o->layouts) {
      /* Named, but the content has nothing for it: the request cannot be done. */
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                  "layout '%s' prints the [%s] section of %s, which has none: add one (README: \"An event flyer\")",
                  names[i], needs, vl_content_path(r.content));
      vl_template_free(t);
      g_free(path);
      goto out;
    }
    if (t && ((o->default_only && !o->layouts && !vl_template_default_set(t)) ||
              (needs && !vl_content_has_section(r.content, needs))))
      vl_template_free(t); /* rendered only when named, or nothing to print */
    else if (t)
      g_ptr_array_add(templates, t);
    else {
      vl_diag_add_error(diag, "layout", "", names[i], path, e);
      r.broken_layouts++;
      g_error_free(e);
    }
    g_free(path);
  }
  if (!plan(&r, templates, err)) goto out;
  r.requested = r.langs->len; /* proofs' sources come after: shown, not checked */
  report_po_files(&r);
  if (o->on_page && !plan_sources(&r, err)) goto out;

  GError *fe = NULL;
  r.fonts = r.jobs->len ? vl_fonts_new(o->fonts_dir, &fe) : NULL;
  if (r.jobs->len && !r.fonts) {
    g_propagate_error(err, fe);
    goto out;
  }
  r.cache = vl_cache_open(r.fonts);
  if (!o->on_page) order_jobs(&r); /* proofs keep the plan's order */
  int n = o->on_page ? 1 : o->threads > 0 ? o->threads : (int)g_get_num_processors();
  if (n > (int)r.jobs->len) n = (int)r.jobs->len;
  /* Too few languages to keep every worker busy to the end (one language's
   * layouts, say): the workers take jobs one by one. */
  if (r.groups && (int)r.groups->len - 1 < 2 * n) {
    g_array_free(r.groups, TRUE);
    r.groups = NULL;
  }
  int local[2] = {0, 0};
  r.shared = mmap(NULL, 2 * sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (r.shared == MAP_FAILED) r.shared = local, n = 1;
  r.shared[0] = r.shared[1] = 0;
  if (n <= 1) {
    if (r.jobs->len) work(&r, TRUE);
  } else {
    work_parallel(&r, n);
  }
  if (r.shared != local) munmap(r.shared, 2 * sizeof(int));
  if (o->progress && r.jobs->len) fprintf(stderr, "\r\033[K");
  vl_cache_save(r.cache);
  check_catalogs(&r);
  result = r.written;
out:
  g_strfreev(names);
  g_ptr_array_free(r.jobs, TRUE);
  if (r.groups) g_array_free(r.groups, TRUE);
  g_hash_table_destroy(r.ref_scales);
  g_ptr_array_free(templates, TRUE);
  g_ptr_array_free(r.catalogs, TRUE);
  g_ptr_array_free(r.langs, TRUE);
  vl_cache_free(r.cache);
  vl_fonts_free(r.fonts);
  vl_event_free(r.event);
  vl_content_free(r.content);
  return result;
}
