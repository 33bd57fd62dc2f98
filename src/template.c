#include "template.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"

typedef struct {
  const char *name;
  double w, h; /* pt, portrait */
} Paper;

/* One row per paper size, in PostScript points. */
static const Paper papers[] = {
    {"letter", 612, 792},
    {"a4", 595.2756, 841.8898},
    {"legal", 612, 1008},
    {"tabloid", 792, 1224},
};
static const char *const paper_names[] = {"letter", "a4", "legal", "tabloid", NULL};

typedef struct {
  double at[4]; /* rising shares of the page's width */
  int n;
} Folds;

struct VlTemplate {
  char *name, *path;
  /* What the [layout] group says (read through the rows of `keys` below). */
  char *description;
  double paper[2];       /* the paper as written, pt */
  int landscape;         /* orientation=landscape */
  VlPiece piece;         /* what one copy is */
  double margin;         /* pt */
  double margin0[4];     /* top, right, bottom, left, pt; NAN until read: then `margin` */
  int slots;             /* languages on a page */
  int pages, sides;      /* pages of a piece; sides=2: page 2 repeats page 1 in the second language */
  Folds folds;           /* where page 1 folds */
  double background[3];  /* page color */
  int default_set;       /* rendered by default */
  double shrink_warning; /* share */
  char *needs;           /* the content section the layout is made for ("event"), or NULL */
  /* Worked out from them. */
  double w0, h0;            /* the layout's own page (one piece), pt */
  double w, h, scale;       /* after re-flow */
  double sheet_w, sheet_h;  /* the paper the pieces are printed on, after re-flow */
  gboolean sheet_landscape; /* the layout's orientation applies to the sheet */
  GPtrArray *styles;        /* VlStyle* */
  GPtrArray *frames;        /* VlFrame* */
  VlStyle notice;
};

static const Paper *find_paper(const char *name) {
  for (size_t i = 0; i < G_N_ELEMENTS(papers); i++)
    if (g_ascii_strcasecmp(papers[i].name, name) == 0) return &papers[i];
  return NULL;
}

/* The layout being read, for the rows' own parsers. */
static VlTemplate *reading(VlKeyCtx *c) { return c->data; }

/* paper: a name, or WIDTHxHEIGHT with lengths. */
static gboolean parse_paper(VlKeyCtx *c, const VlKey *k, const char *v, void *out) {
  double *wh = out;
  const Paper *p = find_paper(v);
  if (p) {
    wh[0] = p->w, wh[1] = p->h;
    return TRUE;
  }
  char **parts = g_strsplit(v, "x", 2);
  gboolean ok = g_strv_length(parts) == 2 && vl_parse_length(parts[0], &wh[0]) && vl_parse_length(parts[1], &wh[1]);
  g_strfreev(parts);
  if (!ok) return vl_keys_fail(c, k->name, "\"%s\" is not a paper name or a size like 8.5inx11in", v);
  if (wh[0] < 72 || wh[1] < 72 || wh[0] > 14400 || wh[1] > 14400)
    return vl_keys_fail(c, k->name, "\"%s\" is smaller than 1 inch or larger than 200 inches", v);
  return TRUE;
}

static gboolean parse_piece(VlKeyCtx *c, const VlKey *k, const char *v, void *out) {
  char *why = NULL;
  if (vl_piece_parse(v, out, &why)) return TRUE;
  vl_keys_fail(c, k->name, "%s", why);
  g_free(why);
  return FALSE;
}

static gboolean parse_folds(VlKeyCtx *c, const VlKey *k, const char *v, void *out) {
  Folds *f = out;
  char **parts = g_strsplit(v, ",", -1);
  double last = 0;
  gboolean ok = TRUE;
  f->n = 0;
  for (int i = 0; ok && parts[i]; i++) {
    char *end = NULL;
    double x = g_ascii_strtod(g_strstrip(parts[i]), &end);
    ok = i < 4 && end != parts[i] && !*end && x > last && x < 1;
    last = x;
    if (ok) f->at[f->n++] = x;
  }
  g_strfreev(parts);
  if (!ok) vl_keys_fail(c, k->name, "\"%s\" is not up to 4 rising shares of the page width, each between 0 and 1", v);
  return ok;
}

/* A weight by name, or a number from 100 to 1000. */
static gboolean parse_weight(VlKeyCtx *c, const VlKey *k, const char *v, void *out) {
  static const struct {
    const char *n;
    int v;
  } weights[] = {{"thin", 100},     {"light", 300}, {"normal", 400},    {"regular", 400}, {"medium", 500},
                 {"semibold", 600}, {"bold", 700},  {"extrabold", 800}, {"black", 900}};
  for (size_t i = 0; i < G_N_ELEMENTS(weights); i++)
    if (!g_ascii_strcasecmp(v, weights[i].n)) {
      *(int *)out = weights[i].v;
      return TRUE;
    }
  VlKey number = *k;
  number.type = VL_KEY_WHOLE, number.parse = NULL;
  return vl_keys_read_value(c, &number, v, out);
}

/* The structure element of a paragraph, kept as the static word. */
static gboolean parse_tag(VlKeyCtx *c, const VlKey *k, const char *v, void *out) {
  static const char *const tags[] = {"P", "H1", "H2", "H3", "H4", "Caption"};
  for (size_t i = 0; i < G_N_ELEMENTS(tags); i++)
    if (!strcmp(v, tags[i])) {
      *(const char **)out = tags[i];
      return TRUE;
    }
  return vl_keys_fail(c, k->name, "\"%s\" is not P, H1, H2, H3, H4 or Caption", v);
}

static const VlStyle *find_style(const VlTemplate *t, const char *name) {
  for (guint i = 0; i < t->styles->len; i++) {
    VlStyle *s = g_ptr_array_index(t->styles, i);
    if (!strcmp(s->name, name)) return s;
  }
  return NULL;
}

static gboolean parse_style_ref(VlKeyCtx *c, const VlKey *k, const char *v, void *out) {
  *(const VlStyle **)out = find_style(reading(c), v);
  if (!*(const VlStyle **)out) return vl_keys_fail(c, k->name, "no style named \"%s\"", v);
  return TRUE;
}

/* "name@lead" -> name and the style named lead. */
static gboolean split_styled(VlKeyCtx *c, const char *key, const char *item, char **name, const VlStyle **style) {
  const char *at = strchr(item, '@');
  *style = NULL;
  if (!at) {
    *name = g_strdup(item);
    return TRUE;
  }
  *name = g_strndup(item, (gsize)(at - item));
  *style = find_style(reading(c), at + 1);
  if (!*style) return vl_keys_fail(c, key, "no style named \"%s\"", at + 1);
  return TRUE;
}

/* image: a path inside the content folder. A layout is shared and copied
 * from others; it must not make volante read (and print) a file elsewhere. */
static gboolean parse_image(VlKeyCtx *c, const VlKey *k, const char *v, void *out) {
  char **parts = g_strsplit_set(v, "/\\", -1);
  gboolean up = FALSE;
  for (int i = 0; parts[i]; i++) up = up || !strcmp(parts[i], "..");
  g_strfreev(parts);
  if (g_path_is_absolute(v) || up || v[0] == '~')
    return vl_keys_fail(c, k->name,
                        "\"%s\" is outside the content folder: put the picture in the content folder and name it "
                        "from there (like logo.png or images/logo.png)",
                        v);
  g_free(*(char **)out);
  *(char **)out = g_strdup(v);
  return TRUE;
}

static gboolean parse_box(VlKeyCtx *c, const VlKey *k, const char *box, void *out) {
  double *v = out;
  char **parts = g_strsplit(box, ",", -1);
  gboolean ok = g_strv_length(parts) == 4;
  for (int i = 0; ok && i < 4; i++) {
    char *end = NULL;
    v[i] = g_ascii_strtod(g_strstrip(parts[i]), &end);
    ok = end != parts[i] && !*end && isfinite(v[i]);
  }
  g_strfreev(parts);
  if (!ok) return vl_keys_fail(c, k->name, "\"%s\" is not four numbers x,y,w,h", box);
  if (v[0] < 0 || v[1] < 0 || v[2] <= 0 || v[3] <= 0)
    return vl_keys_fail(c, k->name, "\"%s\" has a negative or zero size", box);
  if (v[0] + v[2] > 1.0001 || v[1] + v[3] > 1.0001)
    return vl_keys_fail(c, k->name, "\"%s\" reaches outside the area inside the margins", box);
  return TRUE;
}

static gboolean parse_sources(VlKeyCtx *c, const VlKey *k, const char *v, void *out) {
  GPtrArray *sources = *(GPtrArray **)out;
  char **items = g_strsplit(v, ",", -1);
  gboolean ok = TRUE;
  for (int i = 0; items[i]; i++) {
    char *item = g_strstrip(items[i]);
    if (!*item) continue;
    VlSource *s = g_new0(VlSource, 1);
    g_ptr_array_add(sources, s);
    s->line = vl_ini_line(c->ini, c->group, k->name);
    if (!split_styled(c, k->name, item, &s->key, &s->style)) ok = FALSE;
  }
  g_strfreev(items);
  return ok;
}

static gboolean parse_fields(VlKeyCtx *c, const VlKey *k, const char *v, void *out) {
  GPtrArray *fields = *(GPtrArray **)out;
  char **items = g_strsplit(v, ",", -1);
  gboolean ok = TRUE;
  for (int i = 0; items[i]; i++) {
    char *item = g_strstrip(items[i]);
    if (!*item) continue;
    VlField *fl = g_new0(VlField, 1);
    g_ptr_array_add(fields, fl);
    if (!split_styled(c, k->name, item, &fl->field, &fl->style)) ok = FALSE;
  }
  g_strfreev(items);
  return ok;
}

#define L(field) offsetof(VlTemplate, field)
#define S(field) offsetof(VlStyle, field)
#define F(field) offsetof(VlFrame, field)
/* Lengths: at most 200 inches, the largest paper. */
#define LONG 14400
/* Type: 1 to 1000 pt (kiosk layouts are in pixels of a 1920 screen). Below a
 * point nothing can be read, and a size like 1e-300 leaves Cairo no matrix
 * to draw with: the layout's line is to blame, not the PDF being written. */
#define TYPE_MIN 1
#define TYPE 1000

/* The layout format: one row per key (keys.h). Rows are read in this order,
 * and the reference in layouts/README.md lists them in it. */
static const VlKey keys[] = {
    {"layout", "description", VL_KEY_TEXT, 0, 0, FALSE, NULL, "", "empty", FALSE, L(description), NULL, NULL,
     "one line shown by `volante layouts`"},
    {"layout", "paper", VL_KEY_OTHER, 0, 0, FALSE, NULL, NULL, NULL, TRUE, L(paper), parse_paper,
     "`letter`, `a4`, `legal`, `tabloid`, or `WIDTHxHEIGHT` with lengths (`5.5inx8.5in`), 1 to 200 in a side",
     "the sheet the layout is designed for (not case-sensitive)"},
    {"layout", "orientation", VL_KEY_CHOICE, 0, 0, FALSE, "portrait|landscape", "portrait", NULL, FALSE, L(landscape),
     NULL, NULL, "`landscape` turns the page so its long side is horizontal; `portrait` keeps the size as given"},
    {"layout", "piece", VL_KEY_OTHER, 0, 0, FALSE, NULL, NULL, "the whole sheet", FALSE, L(piece), parse_piece,
     "a kind of piece (see *Pieces* below)",
     "what one copy is when it is not the whole sheet; the frames are placed on the piece"},
    {"layout", "margin", VL_KEY_LENGTH, 0, LONG, FALSE, NULL, "0.5in", NULL, FALSE, L(margin), NULL, NULL,
     "all four margins; they must leave room on the page"},
    {"layout", "margin-top", VL_KEY_LENGTH, 0, LONG, FALSE, NULL, NULL, "`margin`", FALSE, L(margin0[0]), NULL, NULL,
     "the top margin"},
    {"layout", "margin-right", VL_KEY_LENGTH, 0, LONG, FALSE, NULL, NULL, "`margin`", FALSE, L(margin0[1]), NULL, NULL,
     "the right margin"},
    {"layout", "margin-bottom", VL_KEY_LENGTH, 0, LONG, FALSE, NULL, NULL, "`margin`", FALSE, L(margin0[2]), NULL, NULL,
     "the bottom margin, where notices (drafts) go: leave room for two or three lines"},
    {"layout", "margin-left", VL_KEY_LENGTH, 0, LONG, FALSE, NULL, NULL, "`margin`", FALSE, L(margin0[3]), NULL, NULL,
     "the left margin"},
    {"layout", "languages", VL_KEY_WHOLE, 1, 2, FALSE, NULL, "1", NULL, FALSE, L(slots), NULL, NULL,
     "`2` for a page with two languages (frames say which with `slot`)"},
    {"layout", "pages", VL_KEY_WHOLE, 1, 2, FALSE, NULL, "1", NULL, FALSE, L(pages), NULL, NULL,
     "`2` for a sheet printed on both sides (`trifold`); frames say which with `page`; only for the whole sheet"},
    {"layout", "sides", VL_KEY_WHOLE, 1, 2, FALSE, NULL, "1", NULL, FALSE, L(sides), NULL, NULL,
     "`2`: page 2 repeats every frame of page 1 in the second language (duplex cards; needs `languages=2`); "
     "the back sheet is mirrored so each back lands behind its front"},
    {"layout", "folds", VL_KEY_OTHER, 0, 0, FALSE, NULL, NULL, "none", FALSE, L(folds), parse_folds,
     "up to 4 rising shares of the page width (`0.3295,0.6648`)",
     "where page 1 folds; page 2, its back, folds at the mirror places. Drawn as dashed marks; only for the whole "
     "sheet"},
    {"layout", "background", VL_KEY_COLOR, 0, 0, FALSE, NULL, "#ffffff", NULL, FALSE, L(background), NULL, NULL,
     "page color"},
    {"layout", "default-set", VL_KEY_BOOL, 0, 0, FALSE, NULL, "true", NULL, FALSE, L(default_set), NULL, NULL,
     "`false`: `render` makes this layout only when `--layout` names it (`check` always covers it)"},
    {"layout", "needs", VL_KEY_TEXT, 0, 0, FALSE, NULL, NULL, "nothing", FALSE, L(needs), NULL,
     "a content section (`event`)",
     "the layout is made for that section: left out when the content has none, and an error when named then"},
    {"layout", "shrink-warning", VL_KEY_NUMBER, 0, 1, FALSE, NULL, "0.25", NULL, FALSE, L(shrink_warning), NULL, NULL,
     "`check` warns (`shrunk`) when a translation sets a frame more than this share smaller than English needs"},

    {"style", "family", VL_KEY_TEXT, 0, 0, FALSE, NULL, "volante sans", NULL, FALSE, S(family), NULL,
     "a fontconfig family", "the font (see `fonts/README.md`)"},
    {"style", "weight", VL_KEY_OTHER, 100, 1000, FALSE, NULL, "normal", "`normal` (400)", FALSE, S(weight),
     parse_weight,
     "`thin`, `light`, `normal`, `regular`, `medium`, `semibold`, `bold`, `extrabold`, `black`, or 100 to 1000",
     "fontconfig takes the nearest weight a font has"},
    {"style", "italic", VL_KEY_BOOL, 0, 0, FALSE, NULL, "false", NULL, FALSE, S(italic), NULL, NULL, "italic"},
    {"style", "size", VL_KEY_LENGTH, TYPE_MIN, TYPE, FALSE, NULL, NULL, NULL, TRUE, S(size), NULL, NULL,
     "the largest size (usually points)"},
    {"style", "size-min", VL_KEY_LENGTH, TYPE_MIN, TYPE, FALSE, NULL, NULL, "`size` (no shrinking)", FALSE, S(size_min),
     NULL, NULL, "the smallest size a frame in this style may shrink to; at most `size`"},
    {"style", "color", VL_KEY_COLOR, 0, 0, FALSE, NULL, "#000000", NULL, FALSE, S(color), NULL, NULL, "text color"},
    {"style", "align", VL_KEY_CHOICE, 0, 0, FALSE, "start|center|end", "start", NULL, FALSE, S(align), NULL, NULL,
     "`start` and `end` follow the direction of the frame's language"},
    {"style", "line-spacing", VL_KEY_NUMBER, 0, 4, FALSE, NULL, "0", NULL, FALSE, S(line_spacing), NULL, NULL,
     "factor of the line height: the script's own where volante's leading table has one (Arabic, Burmese, "
     "Khmer), else the font's; `0` means 1"},
    {"style", "balance", VL_KEY_BOOL, 0, 0, FALSE, NULL, "false", NULL, FALSE, S(balance), NULL, NULL,
     "wrap the paragraph's lines as evenly as they go, in as many lines as the full width needs, so no "
     "line is a lonely word (headlines)"},
    {"style", "space-after", VL_KEY_NUMBER, 0, 10, FALSE, NULL, "0.5", NULL, FALSE, S(space_after), NULL, NULL,
     "space after each paragraph, in em of this style's size"},
    {"style", "tag", VL_KEY_CHOICE, 0, 0, FALSE, "P|H1|H2|H3|H4|Caption", "P", NULL, FALSE, S(tag), parse_tag, NULL,
     "what its paragraphs are in a tagged PDF, for screen readers"},

    {"frame", "box", VL_KEY_OTHER, 0, 0, FALSE, NULL, NULL, NULL, TRUE, F(x), parse_box,
     "`x,y,w,h`: shares (0 to 1) of the area inside the margins",
     "where the frame stands; `x` from the start side (mirrored on right-to-left pages), `y` from the top; "
     "`x+w` and `y+h` at most 1"},
    {"frame", "flow", VL_KEY_TEXT, 0, 0, FALSE, NULL, NULL, "none", FALSE, F(flow), NULL, "a name",
     "the flow group the frame stands in: its frames share the group's height (see *Flow groups* below)"},
    {"frame", "min-height", VL_KEY_NUMBER, 0, 1, FALSE, NULL, NULL, "none", FALSE, F(min_h), NULL, NULL,
     "in a flow group: the least height of the frame when it has text, as a share of the area inside the margins"},
    {"frame", "max-height", VL_KEY_NUMBER, 0, 1, FALSE, NULL, NULL, "none", FALSE, F(max_h), NULL, NULL,
     "in a flow group: the most height the frame grows to, as a share of the area inside the margins"},
    {"frame", "priority", VL_KEY_WHOLE, 0, 9, FALSE, NULL, "0", NULL, FALSE, F(priority), NULL, NULL,
     "in a flow group that must shrink: frames of a lower priority shrink first, those of one priority evenly"},
    {"frame", "style", VL_KEY_OTHER, 0, 0, FALSE, NULL, NULL, "none", FALSE, F(style), parse_style_ref,
     "the name of a `[style.NAME]`", "style of the frame's text; required when the frame has `content`"},
    {"frame", "content", VL_KEY_OTHER, 0, 0, FALSE, NULL, NULL, "none", FALSE, F(sources), parse_sources,
     "comma-separated `KEY`, `SECTION` or `PREFIX.*`, each as `ENTRY@STYLE` if you like",
     "what to print (see below); none: a frame with only `fill`, `rule` or `image`"},
    {"frame", "fields", VL_KEY_OTHER, 0, 0, FALSE, NULL, "text", NULL, FALSE, F(fields), parse_fields,
     "comma-separated `FIELD` or `FIELD@STYLE`", "for section entries, the fields to print, in order"},
    {"frame", "item-gap", VL_KEY_NUMBER, 0, 10, FALSE, NULL, "0", NULL, FALSE, F(item_gap), NULL, NULL,
     "extra space after each section, in em of the last paragraph's size"},
    {"frame", "slot", VL_KEY_WHOLE, 1, 2, FALSE, NULL, "1", NULL, FALSE, F(slot), NULL, NULL,
     "which language of the page: `2` on a two-language layout"},
    {"frame", "fill", VL_KEY_COLOR, 0, 0, FALSE, NULL, NULL, "none", FALSE, F(fill), NULL, NULL,
     "background color of the box"},
    {"frame", "rule", VL_KEY_COLOR, 0, 0, FALSE, NULL, NULL, "none", FALSE, F(rule), NULL, NULL,
     "color of a 4 pt bar down the side of the box where reading starts"},
    {"frame", "padding", VL_KEY_LENGTH, 0, LONG, FALSE, NULL, "0", NULL, FALSE, F(padding), NULL, NULL,
     "space inside the box on all four sides"},
    {"frame", "valign", VL_KEY_CHOICE, 0, 0, FALSE, "top|center|bottom", "top", NULL, FALSE, F(valign), NULL, NULL,
     "where the text sits when it is shorter than the box"},
    {"frame", "slide", VL_KEY_TEXT, 0, 0, FALSE, NULL, NULL, "every slide", FALSE, F(slide), NULL,
     "`title`, `event`, `fact`, `ally`, or `attract` (drawn by the kiosk over every slide while nobody uses it)",
     "kiosk layouts: the kind of slide the frame belongs to"},
    {"frame", "page", VL_KEY_WHOLE, 1, 2, FALSE, NULL, "1", NULL, FALSE, F(page), NULL, NULL,
     "which page of a two-page layout (`pages=2`)"},
    {"frame", "qr", VL_KEY_LENGTH, 0, LONG, FALSE, NULL, NULL, "none", FALSE, F(qr), NULL, NULL,
     "size of a QR code for each section that has a `web` (or else a `phone`) field; a section without one gets "
     "none"},
    {"frame", "qr-at", VL_KEY_CHOICE, 0, 0, FALSE, "end|under|outside", "end", NULL, FALSE, F(qr_at), NULL, NULL,
     "`end`: beside each section, on its end side, the text narrower by the code; `under`: right under each section, "
     "aligned like its first line; `outside`: beside each section, on the side nearer the page's edge (columns side by "
     "side, so their codes never meet)"},
    {"frame", "columns", VL_KEY_WHOLE, 1, 6, FALSE, NULL, "1", NULL, FALSE, F(columns), NULL, NULL,
     "set the sections of a `PREFIX.*` entry in this many columns, in turn; other entries stand in the first. All "
     "columns share one size"},
    {"frame", "column-gap", VL_KEY_LENGTH, 0, LONG, FALSE, NULL, "18pt", NULL, FALSE, F(column_gap), NULL, NULL,
     "space between columns"},
    {"frame", "image", VL_KEY_TEXT, 0, 0, FALSE, NULL, NULL, "none", FALSE, F(image), parse_image,
     "a PNG file in the content folder, named from there",
     "drawn as large as fits in the box (less padding), centered; `check` warns under 150 dpi"},
    {"frame", "fill-bleed", VL_KEY_BOOL, 0, 0, FALSE, NULL, "false", NULL, FALSE, F(fill_bleed), NULL, NULL,
     "with `--bleed`, the fill runs on past each margin it touches to the trim and into the bleed; needs `fill`"},
};

const VlKey *vl_template_keys(size_t *n) {
  *n = G_N_ELEMENTS(keys);
  return keys;
}

/* Whether row GROUP/NAME was read wrong (BAD from vl_keys_read). */
static gboolean was_bad(const gboolean *bad, const char *group, const char *name) {
  const VlKey *k = vl_keys_find(keys, G_N_ELEMENTS(keys), group, name);
  return bad[k - keys];
}

/* Whether KEY is written in the group being read. */
static gboolean given(VlKeyCtx *c, const char *key) {
  const char *v = vl_ini_get(c->ini, c->group, key);
  return v && *v;
}

static void style_free(gpointer p) {
  VlStyle *s = p;
  g_free(s->name);
  g_free(s->family);
  g_free(s);
}

static void frame_free(gpointer p) {
  VlFrame *f = p;
  g_free(f->name);
  g_free(f->slide);
  g_free(f->image);
  g_free(f->flow);
  for (guint i = 0; i < f->sources->len; i++) {
    VlSource *s = g_ptr_array_index(f->sources, i);
    g_free(s->key);
    g_free(s);
  }
  g_ptr_array_free(f->sources, TRUE);
  for (guint i = 0; i < f->fields->len; i++) {
    VlField *s = g_ptr_array_index(f->fields, i);
    g_free(s->field);
    g_free(s);
  }
  g_ptr_array_free(f->fields, TRUE);
  g_free(f);
}

static void read_style(VlTemplate *t, VlKeyCtx *c, const char *name, gboolean *bad) {
  VlStyle *s = g_new0(VlStyle, 1);
  g_ptr_array_add(t->styles, s);
  s->name = g_strdup(name);
  s->size_min = NAN;
  vl_keys_read(c, keys, G_N_ELEMENTS(keys), "style", s, bad);
  if (isnan(s->size_min)) s->size_min = s->size;
  if (!was_bad(bad, "style", "size") && !was_bad(bad, "style", "size-min") && s->size_min > s->size)
    vl_keys_fail(c, "size-min", "is larger than size");
}

/* Lengths inside a frame must leave it room: a padding, a QR code or a gap
 * between columns as large as the box leaves no room for any text, and every
 * language's text would overflow, blamed on each translation in turn. */
static void check_room(const VlTemplate *t, VlKeyCtx *c, const VlFrame *f, gboolean *bad) {
  double aw = t->w0 - t->margin0[1] - t->margin0[3], ah = t->h0 - t->margin0[0] - t->margin0[2];
  if (!(aw > 0 && ah > 0) || was_bad(bad, "frame", "box") || !given(c, "box")) return;
  double fw = f->w * aw, fh = f->h * ah, inner = fw - 2 * f->padding;
  if (!was_bad(bad, "frame", "padding") && (inner <= 0 || fh - 2 * f->padding <= 0)) {
    vl_keys_fail(c, "padding", "%s leaves no room inside the frame (%.2f x %.2f in)",
                 vl_ini_get(c->ini, c->group, "padding"), fw / 72, fh / 72);
    return;
  }
  if (!was_bad(bad, "frame", "qr") && f->qr > 0 && f->qr > inner)
    vl_keys_fail(c, "qr", "%s is wider than the room inside the frame (%.2f in)", vl_ini_get(c->ini, c->group, "qr"),
                 inner / 72);
  if (!was_bad(bad, "frame", "column-gap") && !was_bad(bad, "frame", "columns") && f->columns > 1 &&
      (f->columns - 1) * f->column_gap >= inner)
    vl_keys_fail(c, "column-gap", "%s leaves no room for %d columns in the frame (%.2f in)",
                 vl_ini_get(c->ini, c->group, "column-gap"), f->columns, inner / 72);
}

static void read_frame(VlTemplate *t, VlKeyCtx *c, const char *name, gboolean *bad) {
  VlFrame *f = g_new0(VlFrame, 1);
  g_ptr_array_add(t->frames, f);
  f->name = g_strdup(name);
  f->sources = g_ptr_array_new();
  f->fields = g_ptr_array_new();
  f->line = vl_ini_line(c->ini, c->group, NULL);
  f->image_line = vl_ini_line(c->ini, c->group, "image");
  vl_keys_read(c, keys, G_N_ELEMENTS(keys), "frame", f, bad);
  f->has_fill = given(c, "fill");
  f->has_rule = given(c, "rule");
  if (f->sources->len && !f->style && !was_bad(bad, "frame", "style"))
    vl_keys_fail(c, "style", "missing (a frame with content needs a style)");
  if (f->slot > t->slots) vl_keys_fail(c, "slot", "%d: the layout has only languages=%d", f->slot, t->slots);
  if (f->page > t->pages) vl_keys_fail(c, "page", "%d: the layout has only pages=%d", f->page, t->pages);
  f->slot = MAX(f->slot - 1, 0);
  f->page = MAX(f->page - 1, 0);
  if (f->fill_bleed && !f->has_fill) vl_keys_fail(c, "fill-bleed", "needs a fill");
  static const char *const flow_keys[] = {"min-height", "max-height", "priority"};
  for (size_t i = 0; i < G_N_ELEMENTS(flow_keys); i++)
    if (!f->flow && given(c, flow_keys[i]))
      vl_keys_fail(c, flow_keys[i], "needs flow= (it bounds a frame in a flow group)");
  if (f->max_h > 0 && f->min_h > f->max_h) vl_keys_fail(c, "min-height", "is more than max-height");
  check_room(t, c, f, bad);
}

/* The second side of a duplex layout (sides=2): every frame again, on page
 * 2, in the second language. */
static VlFrame *frame_back(const VlFrame *f) {
  VlFrame *b = g_new(VlFrame, 1);
  *b = *f;
  b->name = g_strconcat(f->name, "@back", NULL);
  b->slide = g_strdup(f->slide);
  b->image = g_strdup(f->image);
  b->flow = g_strdup(f->flow);
  b->page = 1;
  b->slot = 1;
  b->sources = g_ptr_array_new();
  for (guint i = 0; i < f->sources->len; i++) {
    VlSource *s = g_memdup2(g_ptr_array_index(f->sources, i), sizeof(VlSource));
    s->key = g_strdup(s->key);
    g_ptr_array_add(b->sources, s);
  }
  b->fields = g_ptr_array_new();
  for (guint i = 0; i < f->fields->len; i++) {
    VlField *s = g_memdup2(g_ptr_array_index(f->fields, i), sizeof(VlField));
    s->field = g_strdup(s->field);
    g_ptr_array_add(b->fields, s);
  }
  return b;
}

/* What the [layout] keys say together: the sheet, the piece on it, and what
 * the piece allows. Each check leaves keys already wrong alone, so one
 * mistake gives one message. */
static void read_layout(VlTemplate *t, VlKeyCtx *c, gboolean *bad) {
  for (int i = 0; i < 4; i++) t->margin0[i] = NAN;
  if (!vl_ini_line(c->ini, "layout", NULL)) {
    vl_keys_fail(c, "", "no [layout] group");
    return;
  }
  vl_keys_read(c, keys, G_N_ELEMENTS(keys), "layout", t, bad);
  for (int i = 0; i < 4; i++)
    if (isnan(t->margin0[i])) t->margin0[i] = t->margin;
  if (was_bad(bad, "layout", "paper") || was_bad(bad, "layout", "piece")) return;
  double w = t->paper[0], h = t->paper[1];
  if (t->landscape) {
    t->w0 = MAX(w, h), t->h0 = MIN(w, h);
    t->sheet_landscape = TRUE;
  } else {
    t->w0 = w, t->h0 = h;
  }
  t->sheet_w = t->w0, t->sheet_h = t->h0;
  t->piece.kind->size(&t->piece, t->sheet_w, t->sheet_h, &w, &h);
  const char *piece = vl_ini_get(c->ini, "layout", "piece");
  if (w < 36 || h < 36 || w > t->sheet_w || h > t->sheet_h) {
    vl_keys_fail(c, "piece", "\"%s\" is smaller than half an inch or larger than the paper", piece);
    return;
  }
  t->w0 = w, t->h0 = h;
  static const char *const edges[] = {"margin", "margin-top", "margin-right", "margin-bottom", "margin-left"};
  gboolean margins = TRUE;
  for (size_t i = 0; i < G_N_ELEMENTS(edges); i++) margins = margins && !was_bad(bad, "layout", edges[i]);
  if (margins && (t->margin0[0] + t->margin0[2] >= t->h0 || t->margin0[1] + t->margin0[3] >= t->w0))
    vl_keys_fail(c, "margin", "leaves no room on the page");
  /* Imposition turns half-sheet pieces and repeats the others: a fold or a
   * second page is only worked out for the whole sheet, and a back side for
   * pieces that stand upright. */
  const VlPieceKind *kind = t->piece.kind;
  if (t->sides == 2 && !kind->upright)
    vl_keys_fail(c, "sides", "2 does not go with piece=%s (the turned pieces' backs would stand upside down)", piece);
  else if (t->sides == 2 && (t->slots != 2 || t->pages != 1))
    vl_keys_fail(c, "sides", "2 needs languages=2 and one page (the back repeats it in the second language)");
  if (t->pages == 2 && !kind->whole_sheet)
    vl_keys_fail(c, "pages", "2 needs the piece to be the whole sheet (no piece=)");
  if (t->folds.n && !kind->whole_sheet)
    vl_keys_fail(c, "folds", "a piece that is not the whole sheet does not fold (drop piece= or folds=)");
}

/* The layout in INI (taken), read from PATH. */
static VlTemplate *template_read(VlIni *ini, const char *path, const char *name, GError **err) {
  if (!ini) return NULL;
  VlTemplate *t = g_new0(VlTemplate, 1);
  t->name = g_strdup(name);
  t->path = g_strdup(path);
  t->styles = g_ptr_array_new_with_free_func(style_free);
  t->frames = g_ptr_array_new_with_free_func(frame_free);
  t->scale = 1;
  vl_piece_sheet(&t->piece);
  gboolean bad[G_N_ELEMENTS(keys)];
  VlKeyCtx c = {ini, "layout", g_string_new(NULL), t};
  read_layout(t, &c, bad);
  t->w = t->w0, t->h = t->h0;

  char **groups = vl_ini_groups(ini);
  /* Styles first: frames refer to them by name wherever they are in the file. */
  for (int g = 0; groups[g]; g++) {
    c.group = groups[g];
    if (g_str_has_prefix(groups[g], "style.")) read_style(t, &c, groups[g] + 6, bad);
  }
  int n_frames = 0;
  for (int g = 0; groups[g]; g++) {
    c.group = groups[g];
    if (g_str_has_prefix(groups[g], "frame.")) {
      read_frame(t, &c, groups[g] + 6, bad);
      n_frames++;
    } else if (strcmp(groups[g], "layout") && !g_str_has_prefix(groups[g], "style.")) {
      vl_keys_fail(&c, "", "unknown group (expected [layout], [style.NAME] or [frame.NAME])");
    }
  }
  c.group = "layout";
  if (!n_frames && vl_ini_line(ini, "layout", NULL)) vl_keys_fail(&c, "", "the layout has no [frame.NAME] group");
  if (!c.errors->len && t->sides == 2) {
    guint n = t->frames->len;
    for (guint i = 0; i < n; i++) g_ptr_array_add(t->frames, frame_back(g_ptr_array_index(t->frames, i)));
    t->pages = 2;
  }
  const VlStyle *ns = find_style(t, "notice");
  if (ns) {
    t->notice = *ns;
  } else {
    t->notice.family = "volante sans";
    t->notice.weight = 400;
    t->notice.size = t->notice.size_min = 8;
    t->notice.color[0] = 0.75;
    t->notice.align = VL_ALIGN_START;
    t->notice.space_after = 0.2;
    t->notice.tag = "";
  }
  t->notice.name = NULL;
  vl_ini_free(ini);
  if (c.errors->len) {
    g_set_error_literal(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, c.errors->str);
    g_string_free(c.errors, TRUE);
    vl_template_free(t);
    return NULL;
  }
  g_string_free(c.errors, TRUE);
  return t;
}

VlTemplate *vl_template_load(const char *path, const char *name, GError **err) {
  return template_read(vl_ini_load(path, err), path, name, err);
}

VlTemplate *vl_template_parse(const char *data, gsize len, const char *path, const char *name, GError **err) {
  return template_read(vl_ini_parse(data, len, path, err), path, name, err);
}

void vl_template_free(VlTemplate *t) {
  if (!t) return;
  g_free(t->name);
  g_free(t->path);
  g_free(t->description);
  g_free(t->needs);
  if (t->styles) g_ptr_array_free(t->styles, TRUE);
  if (t->frames) g_ptr_array_free(t->frames, TRUE);
  g_free(t);
}

gboolean vl_template_set_paper(VlTemplate *t, const char *paper, GError **err) {
  const Paper *p = find_paper(paper);
  if (!p) {
    char *names = g_strjoinv(", ", (char **)paper_names);
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "unknown paper \"%s\" (known: %s)", paper, names);
    g_free(names);
    return FALSE;
  }
  t->sheet_w = t->sheet_landscape ? p->h : p->w;
  t->sheet_h = t->sheet_landscape ? p->w : p->h;
  t->piece.kind->size(&t->piece, t->sheet_w, t->sheet_h, &t->w, &t->h);
  t->scale = MIN(t->w / t->w0, t->h / t->h0);
  return TRUE;
}

void vl_template_set_size(VlTemplate *t, double w, double h) {
  t->w = t->sheet_w = w, t->h = t->sheet_h = h;
  t->scale = MIN(w / t->w0, h / t->h0);
}

const VlFrame *vl_template_frame(const VlTemplate *t, const char *name) {
  for (guint i = 0; i < t->frames->len; i++) {
    const VlFrame *f = g_ptr_array_index(t->frames, i);
    if (!strcmp(f->name, name)) return f;
  }
  return NULL;
}

const char *vl_template_name(const VlTemplate *t) { return t->name; }
const char *vl_template_path(const VlTemplate *t) { return t->path; }
const char *vl_template_description(const VlTemplate *t) { return t->description ? t->description : ""; }
int vl_template_slots(const VlTemplate *t) { return t->slots; }
void vl_template_page_size(const VlTemplate *t, double *w, double *h) { *w = t->w, *h = t->h; }
void vl_template_margins(const VlTemplate *t, double m[4]) {
  for (int i = 0; i < 4; i++) m[i] = t->margin0[i] * t->scale;
}
double vl_template_scale(const VlTemplate *t) { return t->scale; }
double vl_template_shrink_warning(const VlTemplate *t) { return t->shrink_warning; }
const double *vl_template_background(const VlTemplate *t) { return t->background; }
const VlStyle *vl_template_notice_style(const VlTemplate *t) { return &t->notice; }
GPtrArray *vl_template_frames(const VlTemplate *t) { return t->frames; }
int vl_template_pages(const VlTemplate *t) { return t->pages; }
gboolean vl_template_duplex(const VlTemplate *t) { return t->sides == 2; }
const VlPiece *vl_template_piece(const VlTemplate *t) { return &t->piece; }
void vl_template_sheet_size(const VlTemplate *t, double *w, double *h) { *w = t->sheet_w, *h = t->sheet_h; }
const double *vl_template_folds(const VlTemplate *t, int *n) {
  *n = t->folds.n;
  return t->folds.at;
}
gboolean vl_template_default_set(const VlTemplate *t) { return t->default_set; }
const char *vl_template_needs(const VlTemplate *t) { return t->needs && *t->needs ? t->needs : NULL; }
