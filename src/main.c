/* volante: the command line. Each command parses its own options (GOption)
 * and hands the work to run.c, content.c or lang.c. */
#include <cairo.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annotate.h"
#include "answer.h"
#include "backend.h"
#ifdef VOLANTE_BUNDLE
#include "bundle.h"
#endif
#include "cache.h"
#include "catalog.h"
#include "cli.h"
#include "content.h"
#include "context.h"
#include "diag.h"
#include "kinds.h"
#include "kiosk.h"
#include "lang.h"
#include "lastgood.h"
#include "pot.h"
#include "proof.h"
#include "ready.h"
#include "room.h"
#include "run.h"
#include "show.h"
#include "template.h"
#include "util.h"
#include "watch.h"

typedef struct {
  char *content, *layouts_dir, *fonts_dir, *out, *paper;
  char **layouts, **langs;
  gboolean json, force, quiet, watch, annotate, no_cache;
  char *bleed, *format, *dpi;
  gboolean marks, piece, grayscale, ink_saver, ready_only, pdfx;
  int threads;
} Opts;

static Opts opts;
/* front.c's key for this command line (answer.h), or NULL: langs records its answer under it. */
static const char *answer_key;

/* The shipped layouts, fonts config and content: $VOLANTE_DATADIR when set;
 * else share/volante beside an installed binary (found from /proc/self/exe,
 * so from any working folder and wherever the prefix was moved to); else the
 * source tree a build tree's binary was built from. */
static const char *data_dir(void) {
  static char *dir;
  if (dir) return dir;
  const char *d = g_getenv("VOLANTE_DATADIR");
  if (d && *d) return dir = g_strdup(d);
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  if (exe) {
    char *bin = g_path_get_dirname(exe);
    char *installed = g_build_filename(bin, VOLANTE_DATADIR_FROM_BIN, NULL);
    char *layouts = g_build_filename(installed, "layouts", NULL);
    if (g_file_test(layouts, G_FILE_TEST_IS_DIR)) dir = g_canonicalize_filename(installed, NULL);
    g_free(layouts);
    g_free(installed);
    g_free(bin);
    g_free(exe);
  }
  return dir ? dir : (dir = g_strdup(VOLANTE_DATADIR));
}

/* content/ in the current folder when there is one, else the shipped content. */
static char *default_content(void) {
  if (g_file_test("content/volante.ini", G_FILE_TEST_IS_REGULAR)) return g_strdup("content");
  return g_build_filename(data_dir(), "content", NULL);
}

static void fill_defaults(void) {
  if (!opts.content) opts.content = default_content();
  if (!opts.layouts_dir) opts.layouts_dir = g_build_filename(data_dir(), "layouts", NULL);
  if (!opts.fonts_dir) opts.fonts_dir = g_build_filename(data_dir(), "fonts", NULL);
}

static const GOptionEntry content_entry[] = {
    {"content", 'c', 0, G_OPTION_ARG_FILENAME, &opts.content,
     "Content folder (default: ./content if there is one, else the shipped content)", "DIR"},
    {NULL}};
static const GOptionEntry select_entries[] = {
    {"layout", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &opts.layouts, "Layout to use (repeatable; default: all)", "NAME"},
    {"lang", 'L', 0, G_OPTION_ARG_STRING_ARRAY, &opts.langs,
     "Language, or a pair like es+en for two-language layouts (repeatable; default: all)", "CODE"},
    {"paper", 'p', 0, G_OPTION_ARG_STRING, &opts.paper, "Re-flow to letter, a4, legal or tabloid", "SIZE"},
    {"force", 'f', 0, G_OPTION_ARG_NONE, &opts.force, "Write pages with errors anyway, marking the problems", NULL},
    {"layouts-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.layouts_dir, "Folder of layouts (default: shipped)", "DIR"},
    {"fonts-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.fonts_dir, "Folder with fonts.conf (default: shipped)", "DIR"},
    {"jobs", 'j', 0, G_OPTION_ARG_INT, &opts.threads, "Worker processes (default: one per core)", "N"},
    {"no-cache", 0, 0, G_OPTION_ARG_NONE, &opts.no_cache,
     "Neither read nor write the layout cache (as VOLANTE_CACHE=off; README: Speed)", NULL},
    {NULL}};

/* TRUE when the command line asks for JSON, read before the options are
 * parsed, so that a mistake in the options is reported as JSON as well. */
static gboolean wants_json(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--json")) return TRUE;
  return FALSE;
}

static gboolean parse(const char *cmd, const char *summary, int *argc, char ***argv, const GOptionEntry *extra,
                      gboolean select) {
  gboolean json = wants_json(*argc, *argv);
  /* --help's usage line: "volante render [OPTION…]" (GOption puts the
   * program's name first, which would be the command's). */
  char *name = g_strdup_printf("volante %s", cmd);
  g_set_prgname(name);
  g_free(name);
  GOptionContext *ctx = g_option_context_new(NULL);
  g_option_context_set_summary(ctx, summary);
  g_option_context_add_main_entries(ctx, content_entry, NULL);
  if (select) g_option_context_add_main_entries(ctx, select_entries, NULL);
  if (extra) g_option_context_add_main_entries(ctx, extra, NULL);
  GError *e = NULL;
  gboolean ok = g_option_context_parse(ctx, argc, argv, &e);
  char *why = NULL;
  if (!ok) {
    why = g_strdup(e->message);
    g_error_free(e);
  } else if (*argc > 1) {
    why = g_strdup_printf("unexpected argument '%s'", (*argv)[1]);
    ok = FALSE;
  }
  if (why) {
    char *msg = g_strdup_printf("volante %s: %s (see volante %s --help)", cmd, why, cmd);
    if (json) vl_diag_print_json_request_error(msg, stdout);
    fprintf(stderr, "%s\n", msg);
    g_free(msg);
    g_free(why);
  }
  g_option_context_free(ctx);
  /* The cache is opened deep in the run (cache.h), which reads the variable. */
  if (ok && opts.no_cache) g_setenv("VOLANTE_CACHE", "off", TRUE);
  if (ok) fill_defaults();
  return ok;
}

/* What a command printed on stdout (check --json, langs) reached its file:
 * output cut short by a full disk is not a success. */
static int stdout_written(int rc) {
  if (fflush(stdout) == 0 && !ferror(stdout)) return rc;
  fprintf(stderr, "volante: cannot write the output: %s\n", g_strerror(errno));
  return rc ? rc : 1;
}

/* Drafts are warnings that every page of a language repeats; `render` sums
 * them up by kind so errors stay visible, `check` lists each one. */
static void print_summary(VlDiag *diag, FILE *to) {
  GHashTable *kinds = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *order = g_ptr_array_new();
  for (guint i = 0; i < vl_diag_len(diag); i++) {
    const VlProblem *p = vl_diag_get(diag, i);
    if (p->severity != VL_WARNING) continue;
    if (!g_hash_table_contains(kinds, p->kind)) g_ptr_array_add(order, p->kind);
    g_hash_table_insert(kinds, p->kind, GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(kinds, p->kind)) + 1));
  }
  for (guint i = 0; i < order->len; i++)
    fprintf(to, "volante: %d %s warning%s (volante check lists them)\n",
            GPOINTER_TO_INT(g_hash_table_lookup(kinds, order->pdata[i])), (char *)order->pdata[i],
            GPOINTER_TO_INT(g_hash_table_lookup(kinds, order->pdata[i])) == 1 ? "" : "s");
  g_ptr_array_free(order, TRUE);
  g_hash_table_destroy(kinds);
}

static int finish(VlDiag *diag, int n, GError *err, gboolean json, const char *verb) {
  if (n < 0) {
    if (json) vl_diag_print_json_request_error(err->message, stdout);
    fprintf(stderr, "volante: %s\n", err->message);
    g_error_free(err);
    return 2;
  }
  /* One problem per PO entry, with the layouts that show it listed. */
  vl_diag_merge(diag);
  guint errors = vl_diag_count(diag, VL_ERROR), warnings = vl_diag_count(diag, VL_WARNING);
  gboolean checking = strcmp(verb, "checked") == 0;
  if (json) {
    vl_diag_print_json(diag, stdout);
    return errors ? 1 : 0;
  }
  FILE *to = checking ? stdout : stderr;
  if (checking) {
    vl_diag_print_human(diag, to);
    if (vl_diag_len(diag)) fputc('\n', to);
  } else {
    VlDiag *only = vl_diag_new();
    for (guint i = 0; i < vl_diag_len(diag); i++) {
      const VlProblem *p = vl_diag_get(diag, i);
      if (p->severity == VL_ERROR)
        vl_diag_add(only, p->severity, p->kind, p->lang, p->layout, p->key, p->file, p->line, "%s", p->message);
    }
    vl_diag_sort(only);
    vl_diag_print_human(only, to);
    vl_diag_free(only);
    if (!opts.quiet) print_summary(diag, to);
  }
  if (!opts.quiet || errors)
    fprintf(to, "volante: %s %d file%s; %u error%s, %u warning%s\n", verb, n, n == 1 ? "" : "s", errors,
            errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  return errors ? 1 : 0;
}

/* The folders whose files --watch follows: content, translations, layouts. */
static char **watched_dirs(void) {
  char **d = g_new0(char *, 4);
  d[0] = g_strdup(opts.content);
  d[1] = g_build_filename(opts.content, "po", NULL);
  d[2] = g_strdup(opts.layouts_dir);
  return d;
}

typedef struct {
  VlRunOptions o;
  const char *out; /* proof file */
  gboolean proof;
  int rc;
} Job;

static void run_once(void *data) {
  Job *j = data;
  VlDiag *diag = vl_diag_new();
  GError *err = NULL;
  double t0 = (double)g_get_monotonic_time();
  int n = j->proof ? vl_proof_write(&j->o, j->out, diag, &err) : vl_run(&j->o, diag, &err);
  if (j->proof && n >= 0) {
    guint e = vl_diag_count(diag, VL_ERROR), w = vl_diag_count(diag, VL_WARNING);
    fprintf(stderr, "volante: wrote %s (%d sheet%s) in %.0f ms; %u error%s, %u warning%s\n", j->out, n,
            n == 1 ? "" : "s", ((double)g_get_monotonic_time() - t0) / 1000, e, e == 1 ? "" : "s", w,
            w == 1 ? "" : "s");
    j->rc = 0;
    if (err) g_error_free(err);
  } else if (j->proof) {
    fprintf(stderr, "volante: %s\n", err->message);
    g_error_free(err);
    j->rc = 2;
  } else {
    j->rc = finish(diag, n, err, FALSE, "wrote");
  }
  vl_diag_free(diag);
}

static int run_or_watch(Job *j) {
  if (!opts.watch) {
    run_once(j);
    return j->rc;
  }
  char **dirs = watched_dirs();
  fprintf(stderr, "volante: watching %s, %s and %s (Ctrl+C stops)\n", dirs[0], dirs[1], dirs[2]);
  /* What the command writes is not a change to render again for. */
  const char *ignore[] = {j->proof ? j->out : j->o.out_dir, NULL};
  vl_watch((const char *const *)dirs, ignore, run_once, j);
  g_strfreev(dirs);
  return 0;
}

/* --ready-only: opts.langs becomes the languages asked for (all when none)
 * that are ready for the street (ready.h); the others are said on stderr.
 * FALSE, said, when none is. */
static gboolean keep_ready_langs(const char *cmd) {
  if (!opts.ready_only) return TRUE;
  GError *err = NULL;
  VlContent *c = vl_content_load(opts.content, &err);
  if (!c) {
    fprintf(stderr, "volante: %s\n", err->message);
    g_error_free(err);
    return FALSE;
  }
  char **ready = vl_ready_filter(c, opts.langs);
  vl_content_free(c);
  if (!ready) {
    fprintf(stderr, "volante %s: no language asked for is ready (--ready-only): volante langs shows how far each is\n",
            cmd);
    return FALSE;
  }
  opts.langs = ready; /* kept until exit */
  return TRUE;
}

/* --dpi: a whole number of pixels per inch, for a format drawn in pixels.
 * FALSE, said, when it is not. */
static gboolean parse_dpi(const VlBackend *format, double *dpi) {
  *dpi = VL_DPI_DEFAULT;
  if (!opts.dpi) return TRUE;
  char *shown = vl_printable(opts.dpi), *end = NULL;
  gint64 n = g_ascii_strtoll(opts.dpi, &end, 10);
  gboolean ok = FALSE;
  if (!vl_backend_pixels(format))
    fprintf(stderr, "volante render: --dpi only applies to --format png, not to %s\n", vl_backend_name(format));
  else if (!g_ascii_isdigit(opts.dpi[0]) || *end || n < VL_DPI_MIN || n > VL_DPI_MAX)
    fprintf(stderr, "volante render: --dpi %s: not a whole number of pixels per inch from %d to %d (like %d)\n", shown,
            VL_DPI_MIN, VL_DPI_MAX, VL_DPI_DEFAULT);
  else
    ok = TRUE, *dpi = (double)n;
  g_free(shown);
  return ok;
}

/* --bleed LEN into *PT, or one line on stderr and FALSE. A bare number is
 * refused: "3" meant as 3 mm would be read as 3 pt, a bleed a print shop's
 * cutter eats into. More than half an inch is a slip of the unit (5cm). */
static gboolean read_bleed(const char *arg, double *pt) {
  char *unit = NULL;
  g_ascii_strtod(arg, &unit);
  while (unit && *unit == ' ') unit++;
  const char *why = NULL;
  if (!unit || !*unit || !vl_parse_length(arg, pt))
    why = "not a length with its unit: in, mm, cm or pt (like 0.125in or 3mm)";
  else if (*pt < 0)
    why = "a bleed cannot be negative (0.125in or 3mm is usual)";
  else if (*pt > 0.5 * 72 + 1e-9)
    why = "more than 0.5in; a print shop asks for 0.125in or 3mm";
  if (why) fprintf(stderr, "volante render: --bleed %s: %s\n", arg, why);
  return why == NULL;
}

static int cmd_render(int argc, char **argv) {
  static const GOptionEntry e[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &opts.out, "Output folder (default: out)", "DIR"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &opts.quiet, "Print nothing unless there are errors", NULL},
      {"watch", 'w', 0, G_OPTION_ARG_NONE, &opts.watch, "Render again whenever content, a PO file or a layout changes",
       NULL},
      {"bleed", 'b', 0, G_OPTION_ARG_STRING, &opts.bleed,
       "Bleed for a print shop: backgrounds run this far past the trim (0.125in, 3mm)", "LEN"},
      {"marks", 'm', 0, G_OPTION_ARG_NONE, &opts.marks, "Crop marks and the job's line in a slug around the trim",
       NULL},
      {"piece", 0, 0, G_OPTION_ARG_NONE, &opts.piece,
       "Each piece (handbill, card, postcard) on its own page, not imposed on a sheet: for shops that impose", NULL},
      {"grayscale", 'g', 0, G_OPTION_ARG_NONE, &opts.grayscale,
       "Every color as gray, written as gray: black text, light fills (black-only printers)", NULL},
      {"ink-saver", 0, 0, G_OPTION_ARG_NONE, &opts.ink_saver,
       "Grayscale with no fills at all: no page color, bands or bars (toner short)", NULL},
      {"pdfx", 0, 0, G_OPTION_ARG_NONE, &opts.pdfx,
       "PDF/X-4 for a print shop's press: CMYK, black text on the black plate alone, no links", NULL},
      {"ready-only", 0, 0, G_OPTION_ARG_NONE, &opts.ready_only,
       "Only languages ready for the street: every text reviewed, none with an error (see volante langs)", NULL},
      {"format", 0, 0, G_OPTION_ARG_STRING, &opts.format,
       "pdf (default), png (OUT/LAYOUT/LANG-PAGE.png) or svg (OUT/LAYOUT/LANG-PAGE.svg)", "FORMAT"},
      {"dpi", 0, 0, G_OPTION_ARG_STRING, &opts.dpi, "Resolution of PNG pages in pixels per inch (default: 150)", "N"},
      {NULL}};
  if (!parse("render",
             "Render flyers: OUT/LAYOUT/LANG.pdf for every layout x language (the layouts of the default set "
             "unless --layout names others), or pictures of each page with --format png or svg.",
             &argc, &argv, e, TRUE) ||
      !keep_ready_langs("render"))
    return 2;
  Job j = {{opts.content, opts.layouts_dir, opts.fonts_dir, opts.out ? opts.out : "out", opts.paper, opts.layouts,
            opts.langs, opts.force, isatty(2), opts.threads}};
  j.o.default_only = TRUE;
  j.o.print.marks = opts.marks;
  j.o.print.piece = opts.piece;
  j.o.print.ink = opts.ink_saver ? VL_INK_SAVER : opts.grayscale ? VL_INK_GRAY : VL_INK_COLOR;
  j.o.print.pdfx = opts.pdfx;
  if (opts.pdfx && (opts.grayscale || opts.ink_saver)) {
    fprintf(stderr, "volante render: --pdfx goes to a colour press; --%s is for an office printer: use one of them\n",
            opts.grayscale ? "grayscale" : "ink-saver");
    return 2;
  }
  if (opts.bleed && !read_bleed(opts.bleed, &j.o.print.bleed)) return 2;
  j.o.format = vl_backend_find(opts.format ? opts.format : "pdf");
  if (!j.o.format) {
    char *shown = vl_printable(opts.format);
    fprintf(stderr, "volante render: unknown format '%s' (known: %s)\n", shown, vl_backend_names());
    g_free(shown);
    return 2;
  }
  if (!parse_dpi(j.o.format, &j.o.dpi)) return 2;
  if (opts.pdfx && !vl_backend_text(j.o.format)) {
    fprintf(stderr, "volante render: --pdfx is a kind of PDF; --format %s makes pictures\n",
            vl_backend_name(j.o.format));
    return 2;
  }
  return run_or_watch(&j);
}

static int cmd_proof(int argc, char **argv) {
  static char *source;
  static const GOptionEntry e[] = {
      {"source", 's', 0, G_OPTION_ARG_STRING, &source,
       "Show each page beside this language (default: the language its translators work from, else the source)",
       "CODE"},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &opts.out, "Proof PDF to write (default: out/proof.pdf)", "FILE"},
      {"watch", 'w', 0, G_OPTION_ARG_NONE, &opts.watch,
       "Write it again whenever content, a PO file or a layout changes", NULL},
      {NULL}};
  if (!parse("proof",
             "Proof sheets for translators: each page beside its source, problems marked, and a table of them.", &argc,
             &argv, e, TRUE))
    return 2;
  Job j = {{opts.content, opts.layouts_dir, opts.fonts_dir, NULL, opts.paper, opts.layouts, opts.langs, TRUE, FALSE, 1},
           opts.out ? opts.out : "out/proof.pdf",
           TRUE,
           0};
  j.o.source = source;
  return run_or_watch(&j);
}

/* The table of check kinds, for people (or as JSON). */
static int print_kinds(gboolean json) {
  size_t n;
  const VlKind *k = vl_kind_table(&n);
  GString *s = g_string_new(json ? "[" : "");
  for (size_t i = 0; i < n; i++) {
    const char *sev = k[i].severity == VL_ERROR ? "error" : "warning";
    if (json) {
      g_string_append(s, i ? ", {\"kind\": " : "{\"kind\": ");
      vl_json_string(s, k[i].name);
      g_string_append_printf(s, ", \"severity\": \"%s\", \"help\": ", sev);
      vl_json_string(s, k[i].help);
      g_string_append_c(s, '}');
    } else {
      g_string_append_printf(s, "%-20s %-8s %s\n", k[i].name, sev, k[i].help);
    }
  }
  if (json) g_string_append(s, "]\n");
  fputs(s->str, stdout);
  g_string_free(s, TRUE);
  return 0;
}

static int cmd_check(int argc, char **argv) {
  static gboolean kinds;
  static const GOptionEntry e[] = {
      {"json", 0, 0, G_OPTION_ARG_NONE, &opts.json, "Print one JSON object on stdout", NULL},
      {"kinds", 0, 0, G_OPTION_ARG_NONE, &kinds, "List the kinds of problem check reports, with their help", NULL},
      {"annotate", 0, 0, G_OPTION_ARG_NONE, &opts.annotate,
       "Write the findings into the PO files as '# volante:' translator comments", NULL},
      {NULL}};
  if (!parse("check", "Find every problem a reader would see, without writing anything.", &argc, &argv, e, TRUE))
    return 2;
  if (kinds) return print_kinds(opts.json);
  VlRunOptions o = {opts.content, opts.layouts_dir, opts.fonts_dir,          NULL,        opts.paper, opts.layouts,
                    opts.langs,   opts.force,       !opts.json && isatty(2), opts.threads};
  VlDiag *diag = vl_diag_new();
  GError *err = NULL;
  int n = vl_run(&o, diag, &err);
  if (n >= 0) vl_diag_merge(diag); /* one note per entry, naming its layouts */
  if (n >= 0 && opts.annotate) {
    /* Every PO file of the run, so that notes of fixed problems go away. */
    GPtrArray *pos = g_ptr_array_new_with_free_func(g_free);
    char *podir = g_build_filename(opts.content, "po", NULL);
    GDir *d = g_dir_open(podir, 0, NULL);
    for (const char *f; d && (f = g_dir_read_name(d));) {
      char *lang = g_str_has_suffix(f, ".po") ? g_strndup(f, strlen(f) - 3) : NULL;
      if (lang && (!opts.langs || g_strv_contains((const char *const *)opts.langs, lang)))
        g_ptr_array_add(pos, g_build_filename(podir, f, NULL));
      g_free(lang);
    }
    if (d) g_dir_close(d);
    g_free(podir);
    g_ptr_array_add(pos, NULL);
    /* A file that cannot be written is an error of the run (exit 1). */
    int changed = vl_annotate(diag, (char **)pos->pdata);
    if (changed >= 0 && !opts.json) {
      fprintf(stderr, "volante: annotated %d PO file%s\n", changed, changed == 1 ? "" : "s");
    }
    g_ptr_array_free(pos, TRUE);
  }
  int rc = finish(diag, n, err, opts.json, "checked");
  vl_diag_free(diag);
  return stdout_written(rc);
}

static int cmd_langs(int argc, char **argv) {
  static const GOptionEntry e[] = {{"json", 0, 0, G_OPTION_ARG_NONE, &opts.json, "Print JSON", NULL}, {NULL}};
  if (!parse("langs", "List the languages: code, autonym, direction, shares translated and reviewed, drafts, state.",
             &argc, &argv, e, FALSE))
    return 2;
  /* Fingerprints first: a file saved while langs reads it makes the record stale, not wrong. */
  VlAnswer *record = vl_answer_begin(answer_key, opts.content);
  GError *err = NULL;
  VlContent *c = vl_content_load(opts.content, &err);
  if (!c) {
    fprintf(stderr, "volante: %s\n", err->message);
    g_error_free(err);
    vl_answer_free(record);
    return 2;
  }
  GString *out = g_string_new(NULL); /* what goes to stdout, kept for the record */
  VlDiag *left_out = vl_diag_new();  /* PO files that are no language: said, the others listed */
  vl_content_report_po(c, left_out, NULL);
  vl_diag_print_human(left_out, stderr);
  int rc = vl_diag_len(left_out) ? 1 : 0;
  vl_diag_free(left_out);
  GString *json = g_string_new("[");
  if (!opts.json)
    g_string_append_printf(out, "%-8s %-22s %-4s %10s %8s %6s  %s\n", "code", "name", "dir", "translated", "reviewed",
                           "drafts", "state");
  char **langs = vl_content_langs(c);
  for (int l = 0; langs[l]; l++) {
    VlLang *lang = vl_lang_new(langs[l], &err);
    if (!lang) {
      char *po = vl_content_po_path(c, langs[l]);
      fprintf(stderr, "volante: %s: %s\n", po, err->message);
      g_free(po);
      g_clear_error(&err);
      rc = 1;
      continue;
    }
    VlReadiness r;
    vl_readiness_of(c, langs[l], &r);
    if (r.state == VL_BROKEN) {
      fprintf(stderr, "volante: %s\n", r.why);
      rc = 1;
    }
    const char *dir = vl_lang_rtl(lang) ? "rtl" : "ltr", *state = vl_ready_state_name(r.state);
    if (opts.json) {
      if (json->len > 1) g_string_append(json, ", ");
      g_string_append(json, "{\"code\": ");
      vl_json_string(json, langs[l]);
      g_string_append(json, ", \"name\": ");
      vl_json_string(json, vl_lang_autonym(lang));
      g_string_append_printf(json,
                             ", \"direction\": \"%s\", \"translated\": %d, \"reviewed\": %d, \"drafts\": %d, "
                             "\"state\": \"%s\"}",
                             dir, r.translated, r.reviewed, r.drafts, state);
    } else {
      /* Pad by the columns a terminal gives the name (a CJK character takes two). */
      const char *name = vl_lang_autonym(lang);
      int pad = 22 - vl_display_width(name);
      if (r.state == VL_BROKEN)
        g_string_append_printf(out, "%-8s %s%*s %-4s %10s %8s %6s  %s\n", langs[l], name, pad > 0 ? pad : 0, "", dir,
                               "-", "-", "-", state);
      else
        g_string_append_printf(out, "%-8s %s%*s %-4s %9d%% %7d%% %6d  %s\n", langs[l], name, pad > 0 ? pad : 0, "", dir,
                               r.translated, r.reviewed, r.drafts, state);
    }
    vl_readiness_clear(&r);
    vl_lang_free(lang);
  }
  if (opts.json) g_string_append_printf(out, "%s]\n", json->str);
  g_string_free(json, TRUE);
  vl_content_free(c);
  fwrite(out->str, 1, out->len, stdout);
  /* Only a clean answer is kept: one with errors is printed in full each time. */
  if (rc == 0)
    vl_answer_commit(record, out->str, out->len);
  else
    vl_answer_free(record);
  g_string_free(out, TRUE);
  return stdout_written(rc);
}

/* The reference of the layout format, from the tables the parser reads (layouts/README.md holds it). */
static void print_keys(void) {
  size_t n;
  const VlKey *rows = vl_template_keys(&n);
  GString *s = g_string_new(NULL);
  static const char *const groups[] = {"layout", "style", "frame"};
  for (size_t i = 0; i < G_N_ELEMENTS(groups); i++) {
    if (i) g_string_append_c(s, '\n');
    vl_keys_reference(rows, n, groups[i], s);
  }
  g_string_append_c(s, '\n');
  vl_piece_reference(s);
  fputs(s->str, stdout);
  g_string_free(s, TRUE);
}

static int cmd_layouts(int argc, char **argv) {
  gboolean keys = FALSE;
  const GOptionEntry e[] = {
      {"layouts-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.layouts_dir, "Folder of layouts (default: shipped)", "DIR"},
      {"keys", 0, 0, G_OPTION_ARG_NONE, &keys, "Print the reference of every layout key and piece kind (Markdown)",
       NULL},
      {NULL}};
  if (!parse("layouts", "List the layouts.", &argc, &argv, e, FALSE)) return 2;
  if (keys) {
    print_keys();
    return 0;
  }
  char **names = vl_layout_names(opts.layouts_dir);
  int rc = 0;
  for (int i = 0; names[i]; i++) {
    char *base = g_strconcat(names[i], ".ini", NULL);
    char *path = g_build_filename(opts.layouts_dir, base, NULL);
    GError *e = NULL;
    VlTemplate *t = vl_template_load(path, names[i], &e);
    if (!t) {
      char **lines = g_strsplit(e->message, "\n", -1);
      for (int k = 0; lines[k]; k++) fprintf(stderr, "volante: %s\n", lines[k]);
      g_strfreev(lines);
      g_error_free(e);
      rc = 1;
    } else {
      double w, h;
      vl_template_page_size(t, &w, &h);
      printf("%-12s %5.2f x %5.2f in  %d language%s  %s\n", names[i], w / 72, h / 72, vl_template_slots(t),
             vl_template_slots(t) > 1 ? "s" : " ", vl_template_description(t));
      vl_template_free(t);
    }
    g_free(path);
    g_free(base);
  }
  g_strfreev(names);
  return rc;
}

static const GOptionEntry dirs_entries[] = {
    {"layouts-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.layouts_dir, "Folder of layouts (default: shipped)", "DIR"},
    {"fonts-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.fonts_dir, "Folder with fonts.conf (default: shipped)", "DIR"},
    {NULL}};

/* Content, fonts and the room of every text in every layout, for extract
 * and context; NULL (after saying why) when the content or fonts cannot be read. */
static VlRoom *load_room(VlContent **c, VlFonts **fonts, gboolean measure) {
  GError *err = NULL;
  *fonts = NULL;
  *c = vl_content_load(opts.content, &err);
  if (*c) *fonts = vl_fonts_new(opts.fonts_dir, &err);
  if (!*fonts) {
    fprintf(stderr, "volante: %s\n", err->message);
    g_error_free(err);
    vl_content_free(*c);
    return NULL;
  }
  GPtrArray *skipped = g_ptr_array_new_with_free_func(g_free);
  VlRoom *room = vl_room_new(*c, opts.layouts_dir, *fonts, measure, skipped);
  for (guint i = 0; i < skipped->len; i++)
    fprintf(stderr, "volante: %s (this layout is left out)\n", (char *)g_ptr_array_index(skipped, i));
  g_ptr_array_free(skipped, TRUE);
  return room;
}

static int cmd_extract(int argc, char **argv) {
  if (!parse("extract",
             "Write content/po/volante.pot, the template translators start from, with notes on where each text "
             "prints and how much room it has.",
             &argc, &argv, dirs_entries, FALSE))
    return 2;
  VlContent *c;
  VlFonts *fonts;
  VlRoom *room = load_room(&c, &fonts, TRUE);
  if (!room) return 2;
  GError *err = NULL;
  int n = vl_pot_write(c, room, &err);
  if (n < 0) {
    fprintf(stderr, "volante: %s\n", err->message);
    g_error_free(err);
  } else {
    char *pot = g_build_filename(vl_content_dir(c), "po", "volante.pot", NULL);
    printf("volante: wrote %s (%d entries)\n", pot, n);
    g_free(pot);
  }
  vl_room_free(room);
  vl_fonts_free(fonts);
  vl_content_free(c);
  return n < 0 ? 2 : 0;
}

static int cmd_context(int argc, char **argv) {
  static char *lang;
  static const GOptionEntry e[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &opts.out, "Folder for the pictures (default: out/context)", "DIR"},
      {"lang", 'L', 0, G_OPTION_ARG_STRING, &lang, "Language the pages are set in (default: the source language)",
       "CODE"},
      {NULL}};
  if (!parse("context",
             "A picture of each text where it prints, its frame outlined: OUT/MSGCTXT.png, for translators and for "
             "Weblate's screenshots.",
             &argc, &argv, e, FALSE))
    return 2;
  VlContent *c;
  VlFonts *fonts;
  VlRoom *room = load_room(&c, &fonts, FALSE);
  if (!room) return 2;
  const char *out = opts.out ? opts.out : "out/context";
  GError *err = NULL;
  GPtrArray *skipped = g_ptr_array_new_with_free_func(g_free);
  int n = vl_context_write(c, room, fonts, lang, out, skipped, &err);
  for (guint i = 0; i < skipped->len; i++) fprintf(stderr, "volante: %s\n", (char *)g_ptr_array_index(skipped, i));
  if (n < 0) {
    fprintf(stderr, "volante: %s\n", err->message);
    g_error_free(err);
  } else {
    fprintf(stderr, "volante: wrote %d picture%s into %s\n", n, n == 1 ? "" : "s", out);
  }
  g_ptr_array_free(skipped, TRUE);
  vl_room_free(room);
  vl_fonts_free(fonts);
  vl_content_free(c);
  return n < 0 ? 2 : 0;
}

/* "1920x1080" -> 1920, 1080 */
static gboolean parse_size(const char *s, int *w, int *h) {
  char *end = NULL;
  long a = strtol(s, &end, 10);
  if (end == s || (*end != 'x' && *end != 'X')) return FALSE;
  const char *b = end + 1;
  long c = strtol(b, &end, 10);
  if (end == b || *end || a < 160 || c < 160 || a > 16384 || c > 16384) return FALSE;
  *w = (int)a, *h = (int)c;
  return TRUE;
}

static double process_start_ms;

#ifdef VOLANTE_KIOSK
/* A --display-off/--display-on command as argv, split as a shell would but
 * never run by one (no pipes, no $VAR). FALSE after one line on stderr. */
static gboolean display_command(const char *opt, const char *cmd, char ***argv) {
  GError *err = NULL;
  if (!cmd) return TRUE;
  if (g_shell_parse_argv(cmd, NULL, argv, &err)) return TRUE;
  char *p = vl_printable(cmd);
  fprintf(stderr, "volante kiosk: %s \"%s\": %s\n", opt, p, err->message);
  g_free(p);
  g_error_free(err);
  return FALSE;
}
#endif

/* keygen and bundle need libsodium and libarchive: they are in volante-bundle.so, which
 * front.c opens for them, and not in volante-cli.so (cli.h). */
#ifdef VOLANTE_BUNDLE
static int cmd_keygen(int argc, char **argv) {
  static const GOptionEntry e[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &opts.out, "Write the key pair to NAME.pub and NAME.key", "NAME"}, {NULL}};
  if (!parse("keygen",
             "Make a key pair for signing content bundles: NAME.pub goes on every kiosk (--trust), NAME.key stays with "
             "the person who makes bundles.",
             &argc, &argv, e, FALSE))
    return 2;
  if (!opts.out) {
    fprintf(stderr, "volante keygen: --out NAME is needed (the keys are written to NAME.pub and NAME.key)\n");
    return 2;
  }
  GError *err = NULL;
  if (!vl_bundle_keygen(opts.out, &err)) {
    fprintf(stderr, "volante keygen: %s\n", err->message);
    g_error_free(err);
    return 1;
  }
  printf(
      "%s.pub: the public key (copy it to each kiosk: --trust)\n%s.key: the secret key (keep it safe, off the "
      "kiosk)\n",
      opts.out, opts.out);
  return 0;
}

static int cmd_bundle(int argc, char **argv) {
  static char *key;
  static gint64 version;
  static const GOptionEntry e[] = {
      {"key", 'k', 0, G_OPTION_ARG_FILENAME, &key, "Secret key to sign with (volante keygen)", "FILE"},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &opts.out, "The bundle to write (FILE.volante)", "FILE"},
      {"layouts-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.layouts_dir, "Also pack this folder of layouts", "DIR"},
      {"fonts-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.fonts_dir, "Also pack this fonts configuration", "DIR"},
      {"version", 0, 0, G_OPTION_ARG_INT64, &version, "Version number (default: the time now, YYYYMMDDHHMMSS)", "N"},
      {NULL}};
  if (!parse("bundle",
             "Pack a content folder into a signed bundle for kiosks that take updates from a USB stick (kiosk "
             "--updates).",
             &argc, &argv, e, FALSE))
    return 2;
  if (!key || !opts.out || version < 0) {
    fprintf(stderr, "volante bundle: --key FILE and --out FILE.volante are needed%s\n",
            version < 0 ? " (and --version is a positive number)" : "");
    return 2;
  }
  if (!g_file_test(opts.content, G_FILE_TEST_IS_DIR)) {
    fprintf(stderr, "volante bundle: %s: no such content folder\n", opts.content);
    return 2;
  }
  GError *err = NULL;
  if (!vl_bundle_pack(opts.content, opts.layouts_dir, opts.fonts_dir, key, (guint64)version, opts.out, &err)) {
    fprintf(stderr, "volante bundle: %s\n", err->message);
    g_error_free(err);
    return 1;
  }
  return 0;
}
#endif

static int cmd_kiosk(int argc, char **argv) {
  static char *size, *script, *shots, *hours, *display_off, *display_on, *updates, *state, *status;
  static char **trust;
  /* Bundles go only into a content folder named on the command line, never
   * into the shipped one a default would pick. */
  gboolean content_named = FALSE;
  for (int i = 1; i < argc; i++) content_named |= !strcmp(argv[i], "-c") || g_str_has_prefix(argv[i], "--content");
  static int rotate = 0, idle = 60;
  static gboolean headless, stats, no_admin;
  static const GOptionEntry e[] = {
      {"lang", 'L', 0, G_OPTION_ARG_STRING_ARRAY, &opts.langs, "Language to offer (repeatable; default: all)", "CODE"},
      {"size", 's', 0, G_OPTION_ARG_STRING, &size, "Screen size in pixels (default: the display's)", "WxH"},
      {"rotate", 'r', 0, G_OPTION_ARG_INT, &rotate, "The screen is mounted turned by 0, 90, 180 or 270 degrees", "DEG"},
      {"idle", 'i', 0, G_OPTION_ARG_INT, &idle, "Back to the start after this many seconds without input (60)", "S"},
      {"no-admin-quit", 0, 0, G_OPTION_ARG_NONE, &no_admin, "Disable the Ctrl+Alt+Q chord that quits", NULL},
      {"layouts-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.layouts_dir, "Folder of layouts (default: shipped)", "DIR"},
      {"headless", 0, 0, G_OPTION_ARG_NONE, &headless, "No window: run --script on a simulated clock", NULL},
      {"script", 0, 0, G_OPTION_ARG_FILENAME, &script,
       "Test script (- for standard input): tap X Y, swipe left|right, key NAME, wait MS, sleep MS, shot NAME, reload, "
       "probe",
       "FILE"},
      {"shots", 0, 0, G_OPTION_ARG_FILENAME, &shots, "Where shot NAME writes NAME.png and NAME.json", "DIR"},
      {"stats", 0, 0, G_OPTION_ARG_NONE, &stats, "Print frame, switch, start-up times and memory as JSON at exit",
       NULL},
      {"ready-only", 0, 0, G_OPTION_ARG_NONE, &opts.ready_only,
       "Offer only languages ready for the street, as they are at start (see volante langs)", NULL},
      {"hours", 0, 0, G_OPTION_ARG_STRING, &hours,
       "On only in these hours (local time), black outside them: Mo-Fr 08:00-20:00, Sa 09:00-14:00", "HOURS"},
      {"display-off", 0, 0, G_OPTION_ARG_STRING, &display_off,
       "Command run (without a shell) when the hours end, to turn the display off", "CMD"},
      {"display-on", 0, 0, G_OPTION_ARG_STRING, &display_on,
       "Command run (without a shell) when the hours begin, to turn the display on", "CMD"},
      {"updates", 0, 0, G_OPTION_ARG_FILENAME, &updates,
       "Install signed content bundles dropped in this folder (where a USB stick is mounted)", "DIR"},
      {"trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &trust, "A public key bundles may be signed with (repeatable)",
       "FILE.pub"},
      {"state", 0, 0, G_OPTION_ARG_FILENAME, &state,
       "Keep the last good copy of each translation here, shown when its file is broken (default: "
       "$STATE_DIRECTORY, set by systemd's StateDirectory=)",
       "DIR"},
      {"status", 0, 0, G_OPTION_ARG_FILENAME, &status,
       "Write the kiosk's health as JSON to FILE every 5 seconds (nothing about visitors)", "FILE"},
      {NULL}};
  if (!parse("kiosk", "Full-screen, touch-driven, offline display of the campaign in every language.", &argc, &argv, e,
             FALSE) ||
      !keep_ready_langs("kiosk"))
    return 2;
#ifndef VOLANTE_KIOSK
  fprintf(stderr,
          "volante kiosk: this volante was built without the kiosk (cmake -DVOLANTE_KIOSK=OFF); volante "
          "slides writes every slide as PNG\n");
  (void)content_named;
  return 2;
#else
  VlKioskOptions k = {opts.content, opts.layouts_dir, opts.fonts_dir, opts.langs, 0,     0,     rotate,
                      idle,         !no_admin,        headless,       script,     shots, stats, process_start_ms};
  if (size && !parse_size(size, &k.width, &k.height)) {
    fprintf(stderr, "volante kiosk: --size \"%s\" is not WIDTHxHEIGHT in pixels (160 to 16384)\n", size);
    return 2;
  }
  if (rotate != 0 && rotate != 90 && rotate != 180 && rotate != 270) {
    fprintf(stderr, "volante kiosk: --rotate must be 0, 90, 180 or 270, not %d\n", rotate);
    return 2;
  }
  if (idle < 5 || idle > 86400) {
    fprintf(stderr, "volante kiosk: --idle must be 5 to 86400 seconds, not %d\n", idle);
    return 2;
  }
  if (headless && (!script || !shots || !size)) {
    fprintf(stderr, "volante kiosk: --headless needs --size, --script and --shots\n");
    return 2;
  }
  if (updates && (!trust || !content_named)) {
    fprintf(stderr,
            "volante kiosk: --updates needs --trust KEY.pub (whose bundles to take) and --content DIR (where "
            "they go)\n");
    return 2;
  }
  k.updates = updates;
  k.trust = trust;
  char *state_env = state ? NULL : vl_lastgood_state_from_env();
  k.state_dir = state ? state : state_env;
  k.status = status;
  GError *err = NULL;
  VlHours *open = hours ? vl_hours_parse(hours, &err) : NULL;
  if (hours && !open) {
    char *p = vl_printable(hours);
    fprintf(stderr, "volante kiosk: --hours \"%s\": %s\n", p, err->message);
    g_free(p);
    g_error_free(err);
    return 2;
  }
  char **off = NULL, **on = NULL;
  int rc = 2;
  if ((display_off || display_on) && !hours)
    fprintf(stderr, "volante kiosk: --display-off and --display-on need --hours (when to run them)\n");
  else if (display_command("--display-off", display_off, &off) && display_command("--display-on", display_on, &on)) {
    k.hours = open, k.display_off = off, k.display_on = on;
    if (shots) g_mkdir_with_parents(shots, 0755);
    rc = vl_kiosk_run(&k);
  }
  g_strfreev(off);
  g_strfreev(on);
  g_free(state_env);
  vl_hours_free(open);
  return rc;
#endif
}

static int cmd_slides(int argc, char **argv) {
  static char *size, *layout;
  static const GOptionEntry e[] = {
      {"lang", 'L', 0, G_OPTION_ARG_STRING_ARRAY, &opts.langs, "Language (repeatable; default: all)", "CODE"},
      {"layout", 'l', 0, G_OPTION_ARG_STRING, &layout, "landscape or portrait (default: from --size)", "NAME"},
      {"size", 's', 0, G_OPTION_ARG_STRING, &size, "Slide size in pixels (default: 1920x1080)", "WxH"},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &opts.out, "Output folder: DIR/LANG/NN.png (default: out/slides)", "DIR"},
      {"layouts-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.layouts_dir, "Folder of layouts (default: shipped)", "DIR"},
      {NULL}};
  if (!parse("slides", "Write every kiosk slide as PNG, for TVs that play a USB stick and for signage players.", &argc,
             &argv, e, FALSE))
    return 2;
  int w = 1920, h = 1080;
  if (layout && !strcmp(layout, "portrait")) w = 1080, h = 1920;
  if (layout && strcmp(layout, "portrait") && strcmp(layout, "landscape") && strcmp(layout, "kiosk-landscape") &&
      strcmp(layout, "kiosk-portrait")) {
    fprintf(stderr, "volante slides: unknown layout '%s' (known: landscape, portrait)\n", layout);
    return 2;
  }
  if (size && !parse_size(size, &w, &h)) {
    fprintf(stderr, "volante slides: --size \"%s\" is not WIDTHxHEIGHT in pixels (160 to 16384)\n", size);
    return 2;
  }
  GError *err = NULL;
  VlShow *show = vl_show_load(opts.content, opts.layouts_dir, opts.fonts_dir, opts.langs, w, h, NULL, &err);
  if (!show) {
    fprintf(stderr, "volante slides: %s\n", err->message);
    g_error_free(err);
    return 2;
  }
  VlDiag *diag = vl_show_diag(show);
  const char *out = opts.out ? opts.out : "out/slides";
  int written = 0, rc = 0;
  /* The PNG row of the output table, a pixel a point: the kiosk's layouts are in screen pixels. */
  const VlBackend *png = vl_backend_find("png");
  VlOutputMeta meta = {NULL, NULL, NULL, 72, NULL};
  for (guint l = 0; l < vl_show_langs(show) && rc == 0; l++) {
    char *dir = g_build_filename(out, vl_lang_tag(vl_show_lang(show, l)), NULL);
    if (g_mkdir_with_parents(dir, 0755) != 0) {
      fprintf(stderr, "volante slides: %s: cannot create folder: %s\n", dir, g_strerror(errno));
      rc = 1;
    }
    for (guint s = 0; s < vl_show_slides(show) && rc == 0; s++) {
      VlOutput *slide = vl_output_begin(png, w, h, &meta);
      vl_show_draw(show, l, s, vl_output_cr(slide));
      char *name = g_strdup_printf("%02u.%s", s + 1, vl_backend_ext(png));
      char *path = g_build_filename(dir, name, NULL);
      if (!vl_output_end(slide, path, &err)) {
        fprintf(stderr, "volante slides: %s\n", err->message);
        g_clear_error(&err);
        rc = 1;
      } else {
        written++;
      }
      g_free(path);
      g_free(name);
    }
    g_free(dir);
  }
  vl_diag_sort(diag);
  guint errors = vl_diag_count(diag, VL_ERROR);
  if (errors) vl_diag_print_human(diag, stderr);
  fprintf(stderr, "volante: wrote %d slide%s into %s; %u error%s\n", written, written == 1 ? "" : "s", out, errors,
          errors == 1 ? "" : "s");
  vl_show_free(show);
  return rc ? rc : errors ? 1 : 0;
}

static void usage(FILE *to) {
  fprintf(to,
          "Usage: volante COMMAND [OPTIONS]\n"
          "\n"
          "Multilingual flyers for immigrant-rights organizers, from content, translations and layouts.\n"
          "\n"
          "Commands:\n"
          "  render    Render PDF flyers into OUT/LAYOUT/LANG.pdf (default: every layout x language)\n"
          "  check     Report every problem (missing or draft translations, overflow, missing glyphs...)\n"
          "  proof     Proof sheets for translators: each page beside its source, problems marked\n"
          "  kiosk     Full-screen, touch-driven display of the campaign in every language (SDL2)\n"
          "  slides    Every kiosk slide as PNG: OUT/LANG/NN.png\n"
          "  langs     List languages: code, autonym, direction, translated, reviewed, drafts, state\n"
          "  layouts   List layouts\n"
          "  extract   Write content/po/volante.pot for translators, with notes on where and how much room\n"
          "  context   A picture of each text where it prints: OUT/MSGCTXT.png (Weblate screenshots)\n"
          "  keygen    A key pair for signing content bundles: NAME.pub, NAME.key\n"
          "  bundle    Pack content into a signed bundle (FILE.volante) for kiosks updated from a USB stick\n"
          "\n"
          "Run 'volante COMMAND --help' for a command's options. 'volante --version' prints the version.\n");
}

static int run_command(int argc, char **argv) {
  process_start_ms = (double)g_get_monotonic_time() / 1000.0;
  setlocale(LC_ALL, "");
  /* Ctrl+C or a stop leaves no temporary file behind (the kiosk has its own). */
  if (argc >= 2 && strcmp(argv[1], "kiosk") != 0) {
    vl_signals_init();
    vl_cache_blobs_enable(); /* PO files as read kept (cache.h); the kiosk writes no cache */
  }
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
    printf("volante %s\n", VOLANTE_VERSION);
    return 0;
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
    gboolean dated; /* writes files stamped with SOURCE_DATE_EPOCH's time */
  } commands[] = {
      {"render", cmd_render, TRUE},    {"check", cmd_check, FALSE},    {"proof", cmd_proof, TRUE},
      {"kiosk", cmd_kiosk, FALSE},     {"slides", cmd_slides, FALSE},  {"langs", cmd_langs, FALSE},
      {"layouts", cmd_layouts, FALSE}, {"extract", cmd_extract, TRUE}, {"context", cmd_context, FALSE},
#ifdef VOLANTE_BUNDLE
      {"keygen", cmd_keygen, FALSE},   {"bundle", cmd_bundle, FALSE},
#endif
  };
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
    if (strcmp(cmd, commands[i].name) != 0) continue;
    GError *e = NULL;
    if (commands[i].dated && !vl_source_time_check(&e)) {
      /* Ignored, it would stamp today's date on files meant to be reproducible. */
      fprintf(stderr, "volante %s: %s\n", cmd, e->message);
      g_error_free(e);
      return 2;
    }
    return commands[i].fn(argc - 1, argv + 1);
  }
  fprintf(stderr, "volante: unknown command '%s'\n\n", cmd);
  usage(stderr);
  return 2;
}

#ifdef VOLANTE_CLI_MODULE
int vl_cli_main(int argc, char **argv, const char *key) {
  answer_key = key;
  return run_command(argc, argv);
}
#else
int main(int argc, char **argv) { return run_command(argc, argv); }
#endif
