#include "proof.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "backend.h"
#include "fonts.h"
#include "lang.h"
#include "typeset.h"
#include "util.h"

/* Tabloid, landscape: room for two pages and a table side by side. */
#define SHEET_W 1224.0
#define SHEET_H 792.0
#define MARGIN 24.0
#define ROWS_BESIDE 28 /* problem rows beside the pages; the rest follow */

typedef struct {
  char *name;                     /* "flyer/es" */
  char *layout;                   /* "flyer" */
  char **langs;                   /* {"es", NULL} or {"es", "en", NULL} */
  char *source_lang;              /* the language of the page beside it */
  cairo_surface_t *page, *source; /* recordings */
  double w, h;
} Sheet;

static void sheet_free(gpointer p) {
  Sheet *s = p;
  g_free(s->name);
  g_free(s->layout);
  g_strfreev(s->langs);
  g_free(s->source_lang);
  cairo_surface_destroy(s->page);
  cairo_surface_destroy(s->source);
  g_free(s);
}

static cairo_surface_t *record(VlPage *page, int k, gboolean marks) {
  double w, h;
  vl_page_size(page, &w, &h);
  cairo_rectangle_t ext = {0, 0, w, h};
  cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
  cairo_t *cr = cairo_create(rec);
  VlDrawOptions o = {0};
  vl_page_draw_page(page, cr, k, &o);
  if (marks) vl_page_draw_marks(page, cr, k);
  cairo_destroy(cr);
  return rec;
}

/* One proof sheet per page of the piece (a tri-fold's outside and inside). */
static void on_page(VlPage *page, VlPage *source, const char *name, void *data) {
  GPtrArray *sheets = data;
  int pages = vl_page_pages(page);
  for (int k = 0; k < pages; k++) {
    Sheet *s = g_new0(Sheet, 1);
    s->name = pages > 1 ? g_strdup_printf("%s, page %d of %d", name, k + 1, pages) : g_strdup(name);
    const char *slash = strchr(name, '/');
    s->layout = g_strndup(name, (gsize)(slash - name));
    s->langs = g_strsplit(slash + 1, "+", 2);
    s->source_lang = g_strdup(vl_lang_tag(vl_page_lang(source, 0)));
    s->page = record(page, k, TRUE);
    s->source = record(source, k, FALSE);
    vl_page_size(page, &s->w, &s->h);
    g_ptr_array_add(sheets, s);
  }
}

/* Text on the sheets is set by the typesetter like everything else, in the
 * sheet's own small styles. */
typedef struct {
  VlTypesetter *ts;
  VlLang *en;
  VlStyle title, label, row, error_row, warning_row, ok;
  gboolean text; /* the output keeps text as text (its backend's row says) */
} Ink;

static void style_init(VlStyle *s, double size, int weight, double r, double g, double b) {
  memset(s, 0, sizeof *s);
  s->family = "volante sans";
  s->weight = weight;
  s->size = size;
  s->size_min = size * 0.6;
  s->color[0] = r, s->color[1] = g, s->color[2] = b;
  s->align = VL_ALIGN_START;
  s->space_after = 0.25;
}

static void text(Ink *ink, cairo_t *cr, const char *plain, const VlStyle *st, double x, double y, double w, double h) {
  VlBlock *b = vl_block_new(ink->ts, ink->en, w, 1);
  char *esc = g_markup_escape_text(plain, -1);
  vl_block_add(b, esc, st, NULL, NULL);
  g_free(esc);
  vl_block_fit(b, h, st->size_min / st->size);
  vl_block_set_output(b, FALSE, FALSE, ink->text);
  vl_block_draw(b, cr, x, y, NULL);
  vl_block_free(b);
}

static gboolean concerns(const VlProblem *p, const Sheet *s) {
  if (*p->layout && strcmp(p->layout, s->layout) != 0) return FALSE;
  if (!*p->lang) return *p->layout != '\0';
  return g_strv_contains((const char *const *)s->langs, p->lang);
}

/* Signs instead of words, so the table reads without much English: a red
 * disc with a cross (must be fixed before printing), an amber triangle
 * with "!" (have a look), a green disc with a tick (nothing to do). Drawn,
 * not set in a font, so every proof has them. */
typedef enum { SIGN_ERROR, SIGN_WARNING, SIGN_OK } Sign;

static void sign(cairo_t *cr, Sign k, double x, double y, double d) {
  cairo_save(cr);
  cairo_new_path(cr); /* no line from wherever the last text ended */
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width(cr, d * 0.14);
  if (k == SIGN_WARNING) {
    cairo_move_to(cr, x + d / 2, y);
    cairo_line_to(cr, x + d, y + d * 0.92);
    cairo_line_to(cr, x, y + d * 0.92);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.93, 0.62, 0.05);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.15, 0.1, 0);
    cairo_move_to(cr, x + d / 2, y + d * 0.32);
    cairo_line_to(cr, x + d / 2, y + d * 0.58);
    cairo_move_to(cr, x + d / 2, y + d * 0.77);
    cairo_line_to(cr, x + d / 2, y + d * 0.771);
  } else {
    cairo_arc(cr, x + d / 2, y + d / 2, d / 2, 0, 2 * G_PI);
    if (k == SIGN_ERROR)
      cairo_set_source_rgb(cr, 0.8, 0.06, 0.06);
    else
      cairo_set_source_rgb(cr, 0.1, 0.55, 0.22);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    if (k == SIGN_ERROR) {
      cairo_move_to(cr, x + d * 0.32, y + d * 0.32);
      cairo_line_to(cr, x + d * 0.68, y + d * 0.68);
      cairo_move_to(cr, x + d * 0.68, y + d * 0.32);
      cairo_line_to(cr, x + d * 0.32, y + d * 0.68);
    } else {
      cairo_move_to(cr, x + d * 0.27, y + d * 0.52);
      cairo_line_to(cr, x + d * 0.44, y + d * 0.7);
      cairo_line_to(cr, x + d * 0.74, y + d * 0.32);
    }
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

/* One line of the table. */
typedef struct {
  Sign sign;
  char *text;
} Row;

static void row_free(gpointer p) {
  Row *r = p;
  g_free(r->text);
  g_free(r);
}

static const char *base_name(const char *path) {
  const char *b = strrchr(path, '/');
  return b ? b + 1 : path;
}

/* "overflow · es.po:16 · headline: the text needs ...": what, where, which text, why. */
static Row *problem_row(const VlProblem *p) {
  Row *r = g_new0(Row, 1);
  r->sign = p->severity == VL_ERROR ? SIGN_ERROR : SIGN_WARNING;
  GString *s = g_string_new(p->kind);
  if (*p->file) g_string_append_printf(s, " · %s", base_name(p->file));
  if (*p->file && p->line) g_string_append_printf(s, ":%d", p->line);
  if (*p->key) g_string_append_printf(s, " · %s", p->key);
  g_string_append_printf(s, ": %s", p->message);
  r->text = g_string_free(s, FALSE);
  return r;
}

static void string_free(gpointer s) { g_string_free(s, TRUE); }

/* The rows of a sheet: errors first, then warnings; all the drafts of one
 * file in one row, since every entry of a draft language is one. */
static GPtrArray *sheet_rows(GPtrArray *problems) {
  GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
  for (int pass = 0; pass < 2; pass++) {
    VlSeverity want = pass == 0 ? VL_ERROR : VL_WARNING;
    GHashTable *drafts = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, string_free);
    GPtrArray *files = g_ptr_array_new();
    for (guint i = 0; i < problems->len; i++) {
      const VlProblem *p = g_ptr_array_index(problems, i);
      if (p->severity != want) continue;
      if (strcmp(p->kind, "draft") != 0) {
        g_ptr_array_add(rows, problem_row(p));
        continue;
      }
      GString *lines = g_hash_table_lookup(drafts, p->file);
      if (!lines) {
        lines = g_string_new(NULL);
        g_hash_table_insert(drafts, p->file, lines);
        g_ptr_array_add(files, p->file);
      }
      if (p->line) g_string_append_printf(lines, "%s%d", lines->len ? ", " : "", p->line);
    }
    for (guint f = 0; f < files->len; f++) {
      const char *file = g_ptr_array_index(files, f);
      GString *lines = g_hash_table_lookup(drafts, file);
      int n = 1;
      for (const char *c = lines->str; *c; c++) n += *c == ',';
      Row *r = g_new0(Row, 1);
      r->sign = want == VL_ERROR ? SIGN_ERROR : SIGN_WARNING;
      r->text = g_strdup_printf("draft ×%d · %s:%s: %s", n, base_name(file), lines->str, VL_DRAFT_MESSAGE);
      g_ptr_array_add(rows, r);
    }
    g_ptr_array_free(files, TRUE);
    g_hash_table_destroy(drafts);
  }
  return rows;
}

/* Draws rows FROM.. in the box, each after its sign; returns the next row. */
static guint table(Ink *ink, cairo_t *cr, GPtrArray *rows, guint from, guint max, double x, double y, double w,
                   double h) {
  double indent = 14;
  VlBlock *b = vl_block_new(ink->ts, ink->en, w - indent, 1);
  guint i = from;
  for (; i < rows->len && i < from + max; i++) {
    const Row *r = g_ptr_array_index(rows, i);
    char *esc = g_markup_escape_text(r->text, -1);
    vl_block_add(b, esc, r->sign == SIGN_ERROR ? &ink->error_row : &ink->warning_row, NULL, NULL);
    g_free(esc);
  }
  vl_block_fit(b, h, 0.5);
  vl_block_set_output(b, FALSE, FALSE, ink->text);
  vl_block_draw(b, cr, x + indent, y, NULL);
  double d = 9 * vl_block_scale(b);
  for (guint k = 0; k < i - from; k++) {
    const Row *r = g_ptr_array_index(rows, from + k);
    sign(cr, r->sign, x, y + vl_block_para_top(b, k) + 1.5 * vl_block_scale(b), d);
  }
  vl_block_free(b);
  return i;
}

/* "es Español": a language as its speakers write it, with its code. */
static char *lang_label(const char *tag) {
  VlLang *l = vl_lang_new(tag, NULL);
  /* The name in an isolate (FSI...PDI), so "fa فارسی" keeps its order in a line of Latin. */
  char *s = l && strcmp(vl_lang_autonym(l), tag) ? g_strdup_printf("%s \u2068%s\u2069", tag, vl_lang_autonym(l))
                                                 : g_strdup(tag);
  vl_lang_free(l);
  return s;
}

/* Sign and count, then the next: "[x] 2  [!] 14" at X, Y; returns the end. */
static double counts(Ink *ink, cairo_t *cr, guint errors, guint warnings, double x, double y) {
  struct {
    Sign s;
    guint n;
  } c[] = {{SIGN_ERROR, errors}, {SIGN_WARNING, warnings}};
  for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
    if (!c[i].n) continue;
    sign(cr, c[i].s, x, y + 3, 14);
    char *n = g_strdup_printf("%u", c[i].n);
    text(ink, cr, n, &ink->title, x + 18, y, 60, 24);
    x += 18 + 12 * (double)strlen(n) + 14;
    g_free(n);
  }
  if (!errors && !warnings) {
    sign(cr, SIGN_OK, x, y + 3, 14);
    x += 22;
  }
  return x;
}

/* What the signs mean, in few words, at the head of the table. */
static void legend(Ink *ink, cairo_t *cr, double x, double y, double w) {
  static const struct {
    Sign s;
    const char *words;
  } rows[] = {{SIGN_ERROR, "fix before printing"}, {SIGN_WARNING, "look again"}, {SIGN_OK, "nothing to fix"}};
  double cx = x;
  for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
    sign(cr, rows[i].s, cx, y + 1.5, 10);
    text(ink, cr, rows[i].words, &ink->label, cx + 13, y, w / 3 - 13, 14);
    cx += w / 3;
  }
}

static void place(cairo_t *cr, cairo_surface_t *rec, double pw, double ph, double x, double y, double w, double h) {
  double k = MIN(w / pw, h / ph);
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, k, k);
  cairo_set_source_surface(cr, rec, 0, 0);
  cairo_rectangle(cr, 0, 0, pw, ph);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 1 / k);
  cairo_rectangle(cr, 0, 0, pw, ph);
  cairo_stroke(cr);
  cairo_restore(cr);
}

static void draw_sheet(Ink *ink, cairo_t *cr, Sheet *s, VlDiag *diag) {
  GPtrArray *mine = g_ptr_array_new();
  guint errors = 0, warnings = 0;
  for (guint i = 0; i < vl_diag_len(diag); i++) {
    const VlProblem *p = vl_diag_get(diag, i);
    if (!concerns(p, s)) continue;
    g_ptr_array_add(mine, (gpointer)p);
    if (p->severity == VL_ERROR)
      errors++;
    else
      warnings++;
  }
  GPtrArray *rows = sheet_rows(mine);
  GString *names = g_string_new(NULL);
  for (int i = 0; s->langs[i]; i++) {
    char *l = lang_label(s->langs[i]);
    g_string_append_printf(names, "%s%s", i ? " + " : "", l);
    g_free(l);
  }
  char *source = lang_label(s->source_lang);
  /* The layout, the languages, then the counts as signs. */
  char *title = g_strdup_printf("%s · %s", s->layout, names->str);
  double col = (SHEET_W - 2 * MARGIN - 2 * 16) / 3, top = MARGIN + 34, bottom = SHEET_H - MARGIN - 18;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  text(ink, cr, title, &ink->title, MARGIN, MARGIN, 2 * col + 16, 30);
  double tx = MARGIN + 2 * (col + 16);
  counts(ink, cr, errors, warnings, tx, MARGIN);
  place(cr, s->page, s->w, s->h, MARGIN, top, col, bottom - top);
  place(cr, s->source, s->w, s->h, MARGIN + col + 16, top, col, bottom - top);
  char *label = g_strdup_printf("▶ %s", names->str);
  text(ink, cr, label, &ink->label, MARGIN, bottom + 2, col, 16);
  g_free(label);
  label = g_strdup_printf("= %s (source)", source);
  text(ink, cr, label, &ink->label, MARGIN + col + 16, bottom + 2, col, 16);
  g_free(label);
  legend(ink, cr, tx, top, col);
  double ty = top + 22;
  if (!rows->len) {
    sign(cr, SIGN_OK, tx, ty + 2, 14);
    text(ink, cr, "No problems.", &ink->ok, tx + 20, ty, col - 20, 20);
  }
  guint next = table(ink, cr, rows, 0, ROWS_BESIDE, tx, ty, col, bottom - ty);
  while (next < rows->len) {
    /* More problems than fit beside the pages: continue on sheets of their own. */
    cairo_show_page(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    char *more = g_strdup_printf("%s (continued)", title);
    text(ink, cr, more, &ink->title, MARGIN, MARGIN, SHEET_W - 2 * MARGIN, 30);
    g_free(more);
    next = table(ink, cr, rows, next, 3 * ROWS_BESIDE, MARGIN, top, SHEET_W - 2 * MARGIN, bottom - top);
  }
  cairo_show_page(cr);
  g_free(title);
  g_free(source);
  g_string_free(names, TRUE);
  g_ptr_array_free(rows, TRUE);
  g_ptr_array_free(mine, TRUE);
}

/* Every language of one layout on one page, small, to compare lengths. */
static void contact_sheet(Ink *ink, cairo_t *cr, GPtrArray *sheets, const char *layout) {
  GPtrArray *mine = g_ptr_array_new();
  for (guint i = 0; i < sheets->len; i++) {
    Sheet *s = g_ptr_array_index(sheets, i);
    if (!strcmp(s->layout, layout)) g_ptr_array_add(mine, s);
  }
  if (mine->len < 2) {
    g_ptr_array_free(mine, TRUE);
    return;
  }
  Sheet *first = g_ptr_array_index(mine, 0);
  double top = MARGIN + 34, aw = SHEET_W - 2 * MARGIN, ah = SHEET_H - top - MARGIN;
  /* The column count that makes the thumbnails largest. */
  int best = 1;
  double best_k = 0;
  for (int cols = 1; cols <= (int)mine->len; cols++) {
    int rows = ((int)mine->len + cols - 1) / cols;
    double k = MIN((aw / cols - 8) / first->w, (ah / rows - 20) / first->h);
    if (k > best_k) best_k = k, best = cols;
  }
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  char *title = g_strdup_printf("Contact sheet, layout %s: %u languages", layout, mine->len);
  text(ink, cr, title, &ink->title, MARGIN, MARGIN, aw, 30);
  g_free(title);
  double cw = aw / best;
  int rows = ((int)mine->len + best - 1) / best;
  double ch = ah / rows;
  for (guint i = 0; i < mine->len; i++) {
    Sheet *s = g_ptr_array_index(mine, i);
    double x = MARGIN + (i % best) * cw, y = top + (i / best) * ch;
    place(cr, s->page, s->w, s->h, x + 4, y, cw - 8, ch - 20);
    text(ink, cr, strchr(s->name, '/') + 1, &ink->label, x + 4, y + ch - 18, cw - 8, 16);
  }
  cairo_show_page(cr);
  g_ptr_array_free(mine, TRUE);
}

/* The PO files that could not be read, as "file:line: why" joined by "; ",
 * or NULL. Their pages are left out of the run. */
static char *unreadable(VlDiag *diag) {
  GString *s = NULL;
  for (guint i = 0; i < vl_diag_len(diag); i++) {
    const VlProblem *p = vl_diag_get(diag, i);
    if (p->severity != VL_ERROR || strcmp(p->kind, "syntax") != 0 || !g_str_has_suffix(p->file, ".po")) continue;
    if (!s)
      s = g_string_new(NULL);
    else
      g_string_append(s, "; ");
    g_string_append(s, p->file);
    if (p->line) g_string_append_printf(s, ":%d", p->line);
    g_string_append_printf(s, ": %s", p->message);
  }
  return s ? g_string_free(s, FALSE) : NULL;
}

int vl_proof_write(const VlRunOptions *run, const char *out, VlDiag *diag, GError **err) {
  GPtrArray *sheets = g_ptr_array_new_with_free_func(sheet_free);
  VlRunOptions o = *run;
  o.out_dir = NULL;
  o.on_page = on_page;
  o.on_page_data = sheets;
  int n = vl_run(&o, diag, err);
  if (n < 0) {
    g_ptr_array_free(sheets, TRUE);
    return -1;
  }
  /* A translator's slip in a PO file (under --watch, a save half-way
   * through an edit) would give a proof without that language's pages: keep
   * the last good one, and say what to fix. */
  char *broken = unreadable(diag);
  if (broken && g_file_test(out, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s (%s keeps the last good proof until the file reads again)",
                broken, out);
    g_free(broken);
    g_ptr_array_free(sheets, TRUE);
    return -1;
  }
  g_free(broken);
  vl_diag_sort(diag);
  VlFonts *fonts = vl_fonts_new(run->fonts_dir, err);
  if (!fonts) {
    g_ptr_array_free(sheets, TRUE);
    return -1;
  }
  char *dir = g_path_get_dirname(out);
  g_mkdir_with_parents(dir, 0755);
  g_free(dir);
  const VlBackend *pdf = vl_backend_find("pdf");
  Ink ink = {vl_typesetter_new(fonts), vl_lang_new("en", NULL)};
  ink.text = vl_backend_text(pdf);
  style_init(&ink.title, 15, 700, 0.11, 0.21, 0.34);
  style_init(&ink.label, 9, 400, 0.3, 0.3, 0.3);
  style_init(&ink.row, 8, 400, 0.2, 0.2, 0.2);
  style_init(&ink.error_row, 8, 600, 0.7, 0.05, 0.05);
  style_init(&ink.warning_row, 8, 400, 0.35, 0.25, 0.0);
  style_init(&ink.ok, 11, 600, 0.1, 0.45, 0.18);
  VlOutputMeta meta = {"volante proof sheets", NULL, "volante " VOLANTE_VERSION, 0, NULL};
  VlOutput *pdf_out = vl_output_begin(pdf, SHEET_W, SHEET_H, &meta);
  cairo_t *cr = vl_output_cr(pdf_out);
  for (guint i = 0; i < sheets->len; i++) draw_sheet(&ink, cr, g_ptr_array_index(sheets, i), diag);
  GPtrArray *layouts = g_ptr_array_new();
  for (guint i = 0; i < sheets->len; i++) {
    Sheet *s = g_ptr_array_index(sheets, i);
    gboolean seen = FALSE;
    for (guint k = 0; k < layouts->len; k++) seen |= !strcmp(layouts->pdata[k], s->layout);
    if (!seen) g_ptr_array_add(layouts, s->layout);
  }
  for (guint k = 0; k < layouts->len; k++) contact_sheet(&ink, cr, sheets, layouts->pdata[k]);
  g_ptr_array_free(layouts, TRUE);
  int result = vl_output_end(pdf_out, out, err) ? (int)sheets->len : -1;
  vl_lang_free(ink.en);
  vl_typesetter_free(ink.ts);
  vl_fonts_free(fonts);
  g_ptr_array_free(sheets, TRUE);
  return result;
}
