#include "template.h"

#include <math.h>
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

struct VlTemplate {
  char *name, *path, *description;
  double w0, h0;            /* the layout's own page (one piece), pt */
  double w, h, scale;       /* after re-flow */
  double sheet_w, sheet_h;  /* the paper the pieces are printed on, after re-flow */
  gboolean sheet_landscape; /* the layout's orientation applies to the sheet */
  VlPieceKind piece;        /* how the page relates to the sheet */
  double piece_w, piece_h;  /* VL_PIECE_FIXED: its size, pt */
  int pages, sides;
  double folds[4];
  int n_folds;
  gboolean default_set;
  double margin0[4];
  int slots;
  double shrink_warning;
  double background[3];
  GPtrArray *styles; /* VlStyle* */
  GPtrArray *frames; /* VlFrame* */
  VlStyle notice;
};

static const Paper *find_paper(const char *name) {
  for (size_t i = 0; i < G_N_ELEMENTS(papers); i++)
    if (g_ascii_strcasecmp(papers[i].name, name) == 0) return &papers[i];
  return NULL;
}

gboolean vl_parse_length(const char *s, double *pt) {
  char *end = NULL;
  double v = g_ascii_strtod(s, &end);
  if (end == s || !isfinite(v)) return FALSE;
  while (*end == ' ') end++;
  double k = 1;
  if (!*end || !strcmp(end, "pt"))
    k = 1;
  else if (!strcmp(end, "in"))
    k = 72;
  else if (!strcmp(end, "mm"))
    k = 72 / 25.4;
  else if (!strcmp(end, "cm"))
    k = 72 / 2.54;
  else
    return FALSE;
  *pt = v * k;
  return TRUE;
}

/* A parse context, so every message names file, line, group and key. */
typedef struct {
  VlIni *ini;
  const char *group;
  GError **err;
} Ctx;

static gboolean fail(Ctx *c, const char *key, const char *fmt, const char *value) {
  int line = vl_ini_line(c->ini, c->group, key);
  if (!line) line = vl_ini_line(c->ini, c->group, NULL);
  char *why = g_strdup_printf(fmt, value ? value : "");
  g_set_error(c->err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: [%s] %s: %s", vl_ini_path(c->ini), line, c->group, key,
              why);
  g_free(why);
  return FALSE;
}

static gboolean get_length(Ctx *c, const char *key, double def, gboolean required, double *out) {
  const char *v = vl_ini_get(c->ini, c->group, key);
  if (!v || !*v) {
    if (required) return fail(c, key, "missing%s", "");
    *out = def;
    return TRUE;
  }
  if (!vl_parse_length(v, out)) return fail(c, key, "\"%s\" is not a length (use pt, in, mm or cm)", v);
  if (*out < 0) return fail(c, key, "%s is negative", v);
  return TRUE;
}

static gboolean get_number(Ctx *c, const char *key, double def, double lo, double hi, gboolean required, double *out) {
  const char *v = vl_ini_get(c->ini, c->group, key);
  if (!v || !*v) {
    if (required) return fail(c, key, "missing%s", "");
    *out = def;
    return TRUE;
  }
  char *end = NULL;
  *out = g_ascii_strtod(v, &end);
  if (end == v || *end || !isfinite(*out)) return fail(c, key, "\"%s\" is not a number", v);
  if (*out < 0) return fail(c, key, "%s is negative", v);
  if (*out < lo || *out > hi) {
    char *range = g_strdup_printf("%s is out of range (%g to %g)", v, lo, hi);
    gboolean r = fail(c, key, "%s", range);
    g_free(range);
    return r;
  }
  return TRUE;
}

static gboolean get_color(Ctx *c, const char *key, const char *def, double rgb[3], int *has) {
  const char *v = vl_ini_get(c->ini, c->group, key);
  if (has) *has = v && *v;
  if (!v || !*v) v = def;
  if (!v) return TRUE;
  unsigned r, g, b;
  if (strlen(v) != 7 || v[0] != '#' || sscanf(v + 1, "%2x%2x%2x", &r, &g, &b) != 3)
    return fail(c, key, "\"%s\" is not a color like #1a2b3c", v);
  rgb[0] = r / 255.0, rgb[1] = g / 255.0, rgb[2] = b / 255.0;
  return TRUE;
}

/* true/1 or false/0; anything else is an error, not a silent false. */
static gboolean get_bool(Ctx *c, const char *key, gboolean def, int *out) {
  const char *v = vl_ini_get(c->ini, c->group, key);
  *out = def;
  if (!v || !*v) return TRUE;
  if (!g_ascii_strcasecmp(v, "true") || !strcmp(v, "1"))
    *out = TRUE;
  else if (!g_ascii_strcasecmp(v, "false") || !strcmp(v, "0"))
    *out = FALSE;
  else
    return fail(c, key, "\"%s\" is not true or false", v);
  return TRUE;
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

static const VlStyle *find_style(VlTemplate *t, const char *name) {
  for (guint i = 0; i < t->styles->len; i++) {
    VlStyle *s = g_ptr_array_index(t->styles, i);
    if (!strcmp(s->name, name)) return s;
  }
  return NULL;
}

static gboolean parse_style(VlTemplate *t, Ctx *c, const char *name) {
  VlStyle *s = g_new0(VlStyle, 1);
  g_ptr_array_add(t->styles, s);
  s->name = g_strdup(name);
  const char *fam = vl_ini_get(c->ini, c->group, "family");
  s->family = g_strdup(fam && *fam ? fam : "volante sans");
  const char *w = vl_ini_get(c->ini, c->group, "weight");
  s->weight = 400;
  if (w && *w) {
    static const struct {
      const char *n;
      int v;
    } weights[] = {{"thin", 100},     {"light", 300}, {"normal", 400},    {"regular", 400}, {"medium", 500},
                   {"semibold", 600}, {"bold", 700},  {"extrabold", 800}, {"black", 900}};
    gboolean found = FALSE;
    for (size_t i = 0; i < G_N_ELEMENTS(weights); i++)
      if (!g_ascii_strcasecmp(w, weights[i].n)) s->weight = weights[i].v, found = TRUE;
    if (!found) {
      double n;
      if (!get_number(c, "weight", 400, 100, 1000, FALSE, &n)) return FALSE;
      s->weight = (int)n;
    }
  }
  if (!get_bool(c, "italic", FALSE, &s->italic)) return FALSE;
  if (!get_length(c, "size", 0, TRUE, &s->size)) return FALSE;
  if (s->size <= 0) return fail(c, "size", "must be more than 0%s", "");
  if (!get_length(c, "size-min", s->size, FALSE, &s->size_min)) return FALSE;
  if (s->size_min <= 0) return fail(c, "size-min", "must be more than 0%s", "");
  if (s->size_min > s->size) return fail(c, "size-min", "is larger than size%s", "");
  if (!get_color(c, "color", "#000000", s->color, NULL)) return FALSE;
  const char *al = vl_ini_get(c->ini, c->group, "align");
  s->align = VL_ALIGN_START;
  if (al && *al) {
    if (!strcmp(al, "start"))
      s->align = VL_ALIGN_START;
    else if (!strcmp(al, "center"))
      s->align = VL_ALIGN_CENTER;
    else if (!strcmp(al, "end"))
      s->align = VL_ALIGN_END;
    else
      return fail(c, "align", "\"%s\" is not start, center or end", al);
  }
  if (!get_number(c, "line-spacing", 0, 0, 4, FALSE, &s->line_spacing)) return FALSE;
  const char *tag = vl_ini_get(c->ini, c->group, "tag");
  static const char *const tags[] = {"P", "H1", "H2", "H3", "H4", "Caption", NULL};
  if (tag && *tag && !g_strv_contains(tags, tag))
    return fail(c, "tag", "\"%s\" is not P, H1, H2, H3, H4 or Caption", tag);
  g_strlcpy(s->tag, tag && *tag ? tag : "P", sizeof s->tag);
  if (!get_number(c, "space-after", 0.5, 0, 10, FALSE, &s->space_after)) return FALSE;
  return TRUE;
}

/* "name@lead" -> name and the style named lead. */
static gboolean split_styled(VlTemplate *t, Ctx *c, const char *key, const char *item, char **name,
                             const VlStyle **style) {
  const char *at = strchr(item, '@');
  *style = NULL;
  if (!at) {
    *name = g_strdup(item);
    return TRUE;
  }
  *name = g_strndup(item, (gsize)(at - item));
  *style = find_style(t, at + 1);
  if (!*style) return fail(c, key, "no style named \"%s\"", at + 1);
  return TRUE;
}

static gboolean parse_frame(VlTemplate *t, Ctx *c, const char *name) {
  VlFrame *f = g_new0(VlFrame, 1);
  g_ptr_array_add(t->frames, f);
  f->name = g_strdup(name);
  f->sources = g_ptr_array_new();
  f->fields = g_ptr_array_new();
  f->line = vl_ini_line(c->ini, c->group, NULL);
  const char *slide = vl_ini_get(c->ini, c->group, "slide");
  f->slide = slide && *slide ? g_strdup(slide) : NULL;
  const char *box = vl_ini_get(c->ini, c->group, "box");
  if (!box || !*box) return fail(c, "box", "missing (x,y,w,h as shares of the page inside the margins)%s", "");
  char **parts = g_strsplit(box, ",", -1);
  double v[4];
  gboolean ok = g_strv_length(parts) == 4;
  for (int i = 0; ok && i < 4; i++) {
    char *end = NULL;
    v[i] = g_ascii_strtod(g_strstrip(parts[i]), &end);
    ok = end != parts[i] && !*end && isfinite(v[i]);
  }
  g_strfreev(parts);
  if (!ok) return fail(c, "box", "\"%s\" is not four numbers x,y,w,h", box);
  if (v[0] < 0 || v[1] < 0 || v[2] <= 0 || v[3] <= 0) return fail(c, "box", "\"%s\" has a negative or zero size", box);
  if (v[0] + v[2] > 1.0001 || v[1] + v[3] > 1.0001)
    return fail(c, "box", "\"%s\" reaches outside the area inside the margins", box);
  f->x = v[0], f->y = v[1], f->w = v[2], f->h = v[3];

  const char *st = vl_ini_get(c->ini, c->group, "style");
  const char *content = vl_ini_get(c->ini, c->group, "content");
  if (st && *st) {
    f->style = find_style(t, st);
    if (!f->style) return fail(c, "style", "no style named \"%s\"", st);
  }
  if (content && *content) {
    if (!f->style) return fail(c, "style", "missing (a frame with content needs a style)%s", "");
    char **items = g_strsplit(content, ",", -1);
    for (int i = 0; items[i]; i++) {
      char *item = g_strstrip(items[i]);
      if (!*item) continue;
      VlSource *s = g_new0(VlSource, 1);
      g_ptr_array_add(f->sources, s);
      s->line = vl_ini_line(c->ini, c->group, "content");
      if (!split_styled(t, c, "content", item, &s->key, &s->style)) {
        g_strfreev(items);
        return FALSE;
      }
    }
    g_strfreev(items);
  }
  const char *fields = vl_ini_get(c->ini, c->group, "fields");
  char **items = g_strsplit(fields && *fields ? fields : "text", ",", -1);
  for (int i = 0; items[i]; i++) {
    char *item = g_strstrip(items[i]);
    if (!*item) continue;
    VlField *fl = g_new0(VlField, 1);
    g_ptr_array_add(f->fields, fl);
    if (!split_styled(t, c, "fields", item, &fl->field, &fl->style)) {
      g_strfreev(items);
      return FALSE;
    }
  }
  g_strfreev(items);
  double slot;
  if (!get_number(c, "slot", 1, 1, t->slots, FALSE, &slot)) return FALSE;
  if (slot != (int)slot) return fail(c, "slot", "%s is not a whole number", vl_ini_get(c->ini, c->group, "slot"));
  f->slot = (int)slot - 1;
  if (!get_color(c, "fill", NULL, f->fill, &f->has_fill)) return FALSE;
  if (!get_color(c, "rule", NULL, f->rule, &f->has_rule)) return FALSE;
  if (!get_length(c, "padding", 0, FALSE, &f->padding)) return FALSE;
  if (!get_number(c, "item-gap", 0, 0, 10, FALSE, &f->item_gap)) return FALSE;
  const char *va = vl_ini_get(c->ini, c->group, "valign");
  f->valign = 0;
  if (va && *va) {
    if (!strcmp(va, "top"))
      f->valign = 0;
    else if (!strcmp(va, "center"))
      f->valign = 0.5;
    else if (!strcmp(va, "bottom"))
      f->valign = 1;
    else
      return fail(c, "valign", "\"%s\" is not top, center or bottom", va);
  }
  double page;
  if (!get_number(c, "page", 1, 1, t->pages, FALSE, &page)) return FALSE;
  if (page != (int)page) return fail(c, "page", "%s is not a whole number", vl_ini_get(c->ini, c->group, "page"));
  f->page = (int)page - 1;
  if (!get_length(c, "qr", 0, FALSE, &f->qr)) return FALSE;
  const char *qa = vl_ini_get(c->ini, c->group, "qr-at");
  if (qa && *qa && strcmp(qa, "end") && strcmp(qa, "bottom"))
    return fail(c, "qr-at", "\"%s\" is not end or bottom", qa);
  f->qr_bottom = qa && !strcmp(qa, "bottom");
  double cols;
  if (!get_number(c, "columns", 1, 1, 6, FALSE, &cols)) return FALSE;
  if (cols != (int)cols) return fail(c, "columns", "%s is not a whole number", vl_ini_get(c->ini, c->group, "columns"));
  f->columns = (int)cols;
  if (!get_length(c, "column-gap", 18, FALSE, &f->column_gap)) return FALSE;
  const char *img = vl_ini_get(c->ini, c->group, "image");
  f->image = img && *img ? g_strdup(img) : NULL;
  if (!get_bool(c, "fill-bleed", FALSE, &f->fill_bleed)) return FALSE;
  if (f->fill_bleed && !f->has_fill) return fail(c, "fill-bleed", "needs a fill%s", "");
  return TRUE;
}

/* The second side of a duplex layout (sides=2): every frame again, on page
 * 2, in the second language. */
static VlFrame *frame_back(const VlFrame *f) {
  VlFrame *b = g_new(VlFrame, 1);
  *b = *f;
  b->name = g_strconcat(f->name, "@back", NULL);
  b->slide = g_strdup(f->slide);
  b->image = g_strdup(f->image);
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

/* The keys each kind of group takes: a misspelt key is an error, not a
 * silent default. */
static const char *const layout_keys[] = {
    "description",   "paper",       "orientation", "margin",         "margin-top", "margin-right",
    "margin-bottom", "margin-left", "languages",   "background",     "piece",      "pages",
    "sides",         "folds",       "default-set", "shrink-warning", NULL};
static const char *const style_keys[] = {"family", "weight",       "italic",      "size", "size-min", "color",
                                         "align",  "line-spacing", "space-after", "tag",  NULL};
static const char *const frame_keys[] = {"box",     "style",      "content", "fields",     "item-gap", "slot", "fill",
                                         "rule",    "padding",    "valign",  "slide",      "page",     "qr",   "qr-at",
                                         "columns", "column-gap", "image",   "fill-bleed", NULL};

static gboolean check_keys(Ctx *c, const char *const *known) {
  char **keys = vl_ini_keys(c->ini, c->group);
  gboolean ok = TRUE;
  for (int k = 0; ok && keys[k]; k++)
    if (!g_strv_contains(known, keys[k])) {
      char *list = g_strjoinv(", ", (char **)known);
      char *why = g_strdup_printf("unknown key (known: %s)", list);
      ok = fail(c, keys[k], "%s", why);
      g_free(why);
      g_free(list);
    }
  g_strfreev(keys);
  return ok;
}

/* The piece's size for a sheet of SHEET_W x SHEET_H. */
static void piece_size(VlPieceKind kind, double sheet_w, double sheet_h, double piece_w, double piece_h, double *w,
                       double *h) {
  if (kind == VL_PIECE_HALF) {
    /* Half the sheet across its long side, upright: letter gives 5.5 x 8.5 in. */
    *w = MAX(sheet_w, sheet_h) / 2, *h = MIN(sheet_w, sheet_h);
  } else if (kind == VL_PIECE_FIXED) {
    *w = piece_w, *h = piece_h;
  } else {
    *w = sheet_w, *h = sheet_h;
  }
}

VlTemplate *vl_template_load(const char *path, const char *name, GError **err) {
  VlIni *ini = vl_ini_load(path, err);
  if (!ini) return NULL;
  VlTemplate *t = g_new0(VlTemplate, 1);
  t->name = g_strdup(name);
  t->path = g_strdup(path);
  t->styles = g_ptr_array_new_with_free_func(style_free);
  t->frames = g_ptr_array_new_with_free_func(frame_free);
  t->scale = 1;
  Ctx c = {ini, "layout", err};
  gboolean ok = TRUE;
  if (!vl_ini_line(ini, "layout", NULL)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:1: no [layout] group", path);
    ok = FALSE;
  }
  if (ok) ok = check_keys(&c, layout_keys);
  const char *desc = vl_ini_get(ini, "layout", "description");
  t->description = g_strdup(desc ? desc : "");
  const char *paper = ok ? vl_ini_get(ini, "layout", "paper") : NULL;
  if (ok && (!paper || !*paper)) ok = fail(&c, "paper", "missing (letter, a4, legal, tabloid or WIDTHxHEIGHT)%s", "");
  if (ok) {
    const Paper *p = find_paper(paper);
    if (p) {
      t->w0 = p->w, t->h0 = p->h;
    } else {
      char **wh = g_strsplit(paper, "x", 2);
      ok = g_strv_length(wh) == 2 && vl_parse_length(wh[0], &t->w0) && vl_parse_length(wh[1], &t->h0);
      g_strfreev(wh);
      if (!ok)
        fail(&c, "paper", "\"%s\" is not a paper name or a size like 8.5inx11in", paper);
      else if (t->w0 < 72 || t->h0 < 72 || t->w0 > 14400 || t->h0 > 14400)
        ok = fail(&c, "paper", "\"%s\" is smaller than 1 inch or larger than 200 inches", paper);
    }
  }
  const char *orient = ok ? vl_ini_get(ini, "layout", "orientation") : NULL;
  if (ok && orient && *orient) {
    if (!strcmp(orient, "landscape")) {
      double tmp = t->w0;
      t->w0 = MAX(t->w0, t->h0), t->h0 = MIN(tmp, t->h0);
      t->sheet_landscape = TRUE;
    } else if (strcmp(orient, "portrait") != 0) {
      ok = fail(&c, "orientation", "\"%s\" is not portrait or landscape", orient);
    }
  }
  t->sheet_w = t->w0, t->sheet_h = t->h0;
  const char *piece = ok ? vl_ini_get(ini, "layout", "piece") : NULL;
  if (ok && piece && *piece) {
    if (!strcmp(piece, "half")) {
      t->piece = VL_PIECE_HALF;
    } else {
      char **wh = g_strsplit(piece, "x", 2);
      ok = g_strv_length(wh) == 2 && vl_parse_length(wh[0], &t->piece_w) && vl_parse_length(wh[1], &t->piece_h);
      g_strfreev(wh);
      if (!ok)
        fail(&c, "piece", "\"%s\" is not half or a size like 3.5inx2in", piece);
      else if (t->piece_w < 36 || t->piece_h < 36 || t->piece_w > t->sheet_w || t->piece_h > t->sheet_h)
        ok = fail(&c, "piece", "\"%s\" is smaller than half an inch or larger than the paper", piece);
      t->piece = VL_PIECE_FIXED;
    }
  }
  if (ok) piece_size(t->piece, t->sheet_w, t->sheet_h, t->piece_w, t->piece_h, &t->w0, &t->h0);
  double m = 0, slots = 1, pages = 1, sides = 1;
  if (ok) ok = get_length(&c, "margin", 36, FALSE, &m);
  static const char *const edges[] = {"margin-top", "margin-right", "margin-bottom", "margin-left"};
  for (int i = 0; ok && i < 4; i++) ok = get_length(&c, edges[i], m, FALSE, &t->margin0[i]);
  if (ok && (t->margin0[0] + t->margin0[2] >= t->h0 || t->margin0[1] + t->margin0[3] >= t->w0))
    ok = fail(&c, "margin", "leaves no room on the page%s", "");
  if (ok) ok = get_number(&c, "languages", 1, 1, 2, FALSE, &slots);
  if (ok && slots != (int)slots)
    ok = fail(&c, "languages", "%s is not a whole number", vl_ini_get(ini, "layout", "languages"));
  t->slots = (int)slots;
  if (ok) ok = get_number(&c, "pages", 1, 1, 2, FALSE, &pages);
  if (ok && pages != (int)pages) ok = fail(&c, "pages", "%s is not 1 or 2", vl_ini_get(ini, "layout", "pages"));
  if (ok) ok = get_number(&c, "sides", 1, 1, 2, FALSE, &sides);
  if (ok && sides != (int)sides) ok = fail(&c, "sides", "%s is not 1 or 2", vl_ini_get(ini, "layout", "sides"));
  /* Imposition turns half-sheet pieces and repeats fixed ones: a fold or a
   * back side is only worked out for a piece that is the whole sheet, or
   * (the back) for pieces that stand upright. */
  if (ok && sides == 2 && t->piece == VL_PIECE_HALF)
    ok = fail(&c, "sides", "2 does not go with piece=half (the turned pieces' backs would stand upside down)%s", "");
  if (ok && pages == 2 && t->piece != VL_PIECE_SHEET)
    ok = fail(&c, "pages", "2 needs the piece to be the whole sheet (no piece=)%s", "");
  if (ok && sides == 2 && (slots != 2 || pages != 1))
    ok = fail(&c, "sides", "2 needs languages=2 and one page (the back repeats it in the second language)%s", "");
  t->pages = (int)pages, t->sides = (int)sides;
  const char *folds = ok ? vl_ini_get(ini, "layout", "folds") : NULL;
  if (ok && folds && *folds && t->piece != VL_PIECE_SHEET)
    ok = fail(&c, "folds", "a piece that is not the whole sheet does not fold (drop piece= or folds=)%s", "");
  if (ok && folds && *folds) {
    char **parts = g_strsplit(folds, ",", -1);
    double last = 0;
    for (int i = 0; ok && parts[i]; i++) {
      char *end = NULL;
      double v = g_ascii_strtod(g_strstrip(parts[i]), &end);
      ok = i < 4 && end != parts[i] && !*end && v > last && v < 1;
      last = v;
      if (ok) t->folds[t->n_folds++] = v;
    }
    g_strfreev(parts);
    if (!ok) fail(&c, "folds", "\"%s\" is not up to 4 rising shares of the page width, each between 0 and 1", folds);
  }
  if (ok) ok = get_bool(&c, "default-set", TRUE, &t->default_set);
  if (ok) ok = get_color(&c, "background", "#ffffff", t->background, NULL);
  if (ok) ok = get_number(&c, "shrink-warning", 0.25, 0, 1, FALSE, &t->shrink_warning);
  t->w = t->w0, t->h = t->h0;

  char **groups = vl_ini_groups(ini);
  /* Styles first: frames refer to them by name wherever they are in the file. */
  for (int g = 0; ok && groups[g]; g++) {
    c.group = groups[g];
    if (g_str_has_prefix(groups[g], "style.")) ok = check_keys(&c, style_keys) && parse_style(t, &c, groups[g] + 6);
  }
  for (int g = 0; ok && groups[g]; g++) {
    c.group = groups[g];
    if (g_str_has_prefix(groups[g], "frame."))
      ok = check_keys(&c, frame_keys) && parse_frame(t, &c, groups[g] + 6);
    else if (strcmp(groups[g], "layout") && !g_str_has_prefix(groups[g], "style."))
      ok = fail(&c, "", "unknown group (expected [layout], [style.NAME] or [frame.NAME])%s", "");
  }
  if (ok && t->sides == 2) {
    guint n = t->frames->len;
    for (guint i = 0; i < n; i++) g_ptr_array_add(t->frames, frame_back(g_ptr_array_index(t->frames, i)));
    t->pages = 2;
  }
  if (ok && t->frames->len == 0) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:1: the layout has no [frame.NAME] group", path);
    ok = FALSE;
  }
  const VlStyle *ns = ok ? find_style(t, "notice") : NULL;
  if (ns) {
    t->notice = *ns;
  } else {
    t->notice.family = "volante sans";
    t->notice.weight = 400;
    t->notice.size = t->notice.size_min = 8;
    t->notice.color[0] = 0.75;
    t->notice.align = VL_ALIGN_START;
    t->notice.space_after = 0.2;
  }
  t->notice.name = NULL;
  vl_ini_free(ini);
  if (!ok) {
    vl_template_free(t);
    return NULL;
  }
  return t;
}

void vl_template_free(VlTemplate *t) {
  if (!t) return;
  g_free(t->name);
  g_free(t->path);
  g_free(t->description);
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
  piece_size(t->piece, t->sheet_w, t->sheet_h, t->piece_w, t->piece_h, &t->w, &t->h);
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
const char *vl_template_description(const VlTemplate *t) { return t->description; }
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
VlPieceKind vl_template_piece(const VlTemplate *t) { return t->piece; }
void vl_template_sheet_size(const VlTemplate *t, double *w, double *h) { *w = t->sheet_w, *h = t->sheet_h; }
const double *vl_template_folds(const VlTemplate *t, int *n) {
  *n = t->n_folds;
  return t->folds;
}
gboolean vl_template_default_set(const VlTemplate *t) { return t->default_set; }
