#include "page.h"

#include <math.h>
#include <pango/pango.h>
#include <string.h>

#include "lint.h"

typedef struct {
  const VlFrame *frame;
  VlBlock *block;    /* NULL when the frame has no text */
  GPtrArray *keys;   /* content key of each paragraph */
  double x, y, w, h; /* the frame's box on the page, pt */
  gboolean rtl;      /* the frame's language is right-to-left */
  gboolean overflow;
  gboolean hidden; /* a kiosk frame for another kind of slide */
} Placed;

typedef struct {
  Placed *pl;
  guint para;
  int index;
} Tofu;

struct VlPage {
  VlPageInput in;
  double w, h;
  GPtrArray *placed;  /* Placed* */
  GArray *tofu;       /* Tofu: characters no font has, for proofs */
  gboolean draft;     /* shows a draft translation */
  GPtrArray *notices; /* char*: shown in the bottom margin */
  guint errors;
  char *title;
};

/* Where to send a person to fix KEY in the language of slot S. */
static void key_origin(const VlPage *p, int s, const char *key, const char **file, int *line) {
  const VlCatalog *cat = p->in.catalogs[s];
  const VlEntry *e = cat ? vl_catalog_lookup(cat, key) : NULL;
  if (cat) {
    *file = vl_catalog_path(cat);
    *line = e ? e->line : 0;
  } else {
    const VlItem *it = vl_content_item(p->in.content, key);
    *file = vl_content_path(p->in.content);
    *line = it ? it->line : 0;
  }
}

static void report(VlPage *p, VlSeverity sev, const char *kind, int s, const char *key, const char *file, int line,
                   const char *msg) {
  vl_diag_add(p->in.diag, sev, kind, vl_lang_tag(p->in.langs[s]), vl_template_name(p->in.tmpl), key, file, line, "%s",
              msg);
  if (sev == VL_ERROR) p->errors++;
}

/* A problem of a whole frame, blamed on the paragraph that takes the most
 * room, which is the text a translator would shorten. */
static void report_frame(VlPage *p, const Placed *pl, VlSeverity sev, const char *kind, const char *msg) {
  guint worst = 0;
  for (guint k = 1; k < pl->keys->len; k++)
    if (vl_block_para_height(pl->block, k) > vl_block_para_height(pl->block, worst)) worst = k;
  const char *key = pl->keys->len ? g_ptr_array_index(pl->keys, worst) : "";
  const char *file;
  int line;
  key_origin(p, pl->frame->slot, key, &file, &line);
  report(p, sev, kind, pl->frame->slot, key, file, line, msg);
}

static void add_notice(VlPage *p, char *text) {
  for (guint i = 0; i < p->notices->len; i++)
    if (!strcmp(g_ptr_array_index(p->notices, i), text)) {
      g_free(text);
      return;
    }
  g_ptr_array_add(p->notices, text);
}

/* The text of ITEM in the language of slot S, as Pango markup; NULL when
 * there is none to show. Reports what is wrong with the translation. */
static char *translate(VlPage *p, int s, const VlItem *item) {
  if (!item->translatable) return g_markup_escape_text(item->text, -1);
  const VlCatalog *cat = p->in.catalogs[s];
  if (!cat) return g_strdup(item->text);
  const char *lang = vl_lang_tag(p->in.langs[s]);
  const VlEntry *e = vl_catalog_lookup(cat, item->key);
  if (!e || !*e->msgstr) {
    char *msg = g_strdup_printf("no translation%s", p->in.force ? "; English stands in (--force)" : "");
    report(p, VL_ERROR, "missing-translation", s, item->key, vl_catalog_path(cat), e ? e->line : 0, msg);
    g_free(msg);
    if (!p->in.force) return NULL;
    add_notice(p, g_strdup_printf("English stands in for missing %s text.", lang));
    return g_strdup(item->text);
  }
  if (strcmp(e->msgid, item->text) != 0) {
    /* Like drafts, staleness belongs to the PO entry: reported without a layout. */
    vl_diag_add(p->in.diag, VL_ERROR, "stale", lang, "", item->key, vl_catalog_path(cat), e->line, "%s",
                VL_STALE_MESSAGE);
    p->errors++;
  }
  /* Broken or mismatched markup and placeholders are reported once per PO
   * entry by the catalog check (run.c); here they only stop the page. */
  int lint = vl_lint_errors(lang, item->text, e->msgstr);
  p->errors += lint;
  if (lint && !p->in.force) return NULL;
  if (!pango_parse_markup(e->msgstr, -1, 0, NULL, NULL, NULL, NULL)) return g_markup_escape_text(e->msgstr, -1);
  if (e->fuzzy) {
    /* Drafts belong to the PO entry, not to a layout: report each once. */
    vl_diag_add(p->in.diag, VL_WARNING, "draft", lang, "", item->key, vl_catalog_path(cat), e->line, "%s",
                VL_DRAFT_MESSAGE);
    add_notice(p, g_strdup_printf("DRAFT translation (%s): not yet reviewed by a native speaker.", lang));
    p->draft = TRUE;
  }
  return g_strdup(e->msgstr);
}

static gboolean hopeless(const Placed *pl, double unit, const char *markup);

static gboolean add_para(VlPage *p, Placed *pl, int s, const VlItem *item, const VlStyle *style) {
  if (!*item->text) return TRUE; /* an empty optional field: nothing to show */
  char *markup = translate(p, s, item);
  if (!markup) return FALSE;
  if (hopeless(pl, vl_template_scale(p->in.tmpl), markup)) {
    const char *file;
    int line;
    key_origin(p, s, item->key, &file, &line);
    char *msg = g_strdup_printf("text of %ld characters cannot fit frame \"%s\" at any allowed size",
                                g_utf8_strlen(markup, -1), pl->frame->name);
    report(p, VL_ERROR, "overflow", s, item->key, file, line, msg);
    g_free(msg);
    g_free(markup);
    pl->overflow = TRUE;
    return FALSE;
  }
  const char *link = strcmp(item->field, "web") == 0 ? item->text : NULL;
  GError *err = NULL;
  if (!vl_block_add(pl->block, markup, style ? style : pl->frame->style, link, &err)) {
    const char *file;
    int line;
    key_origin(p, s, item->key, &file, &line);
    char *msg = g_strdup_printf("invalid Pango markup: %s", err->message);
    report(p, VL_ERROR, "markup", s, item->key, file, line, msg);
    g_free(msg);
    g_error_free(err);
  } else {
    g_ptr_array_add(pl->keys, g_strdup(item->key));
  }
  g_free(markup);
  return TRUE;
}

static void add_section(VlPage *p, Placed *pl, int s, const char *section, const VlStyle *style) {
  const VlFrame *f = pl->frame;
  for (guint i = 0; i < f->fields->len; i++) {
    const VlField *fl = g_ptr_array_index(f->fields, i);
    char *key = strcmp(fl->field, "text") == 0 ? g_strdup(section) : g_strdup_printf("%s.%s", section, fl->field);
    const VlItem *item = vl_content_item(p->in.content, key);
    if (item) add_para(p, pl, s, item, fl->style ? fl->style : style);
    g_free(key);
  }
  vl_block_gap(pl->block, f->item_gap);
}

static void missing_content(VlPage *p, int s, const VlSource *src) {
  char *msg =
      g_strdup_printf("the layout needs content \"%s\" but %s has none", src->key, vl_content_path(p->in.content));
  report(p, VL_ERROR, "missing-content", s, src->key, vl_template_path(p->in.tmpl), src->line, msg);
  g_free(msg);
}

static void fill_frame(VlPage *p, Placed *pl) {
  const VlFrame *f = pl->frame;
  int s = f->slot;
  for (guint i = 0; i < f->sources->len; i++) {
    const VlSource *src = g_ptr_array_index(f->sources, i);
    if (!strcmp(src->key, "SLIDE")) {
      /* A kiosk frame showing the current slide's own section. */
      if (p->in.slide_section && vl_content_has_section(p->in.content, p->in.slide_section))
        add_section(p, pl, s, p->in.slide_section, src->style);
      else if (p->in.slide_section && vl_content_item(p->in.content, p->in.slide_section))
        add_para(p, pl, s, vl_content_item(p->in.content, p->in.slide_section), src->style);
      else
        missing_content(p, s, src);
    } else if (g_str_has_suffix(src->key, ".*")) {
      char *prefix = g_strndup(src->key, strlen(src->key) - 2);
      char **sections = vl_content_group(p->in.content, prefix);
      if (!sections[0]) missing_content(p, s, src);
      for (int k = 0; sections[k]; k++) add_section(p, pl, s, sections[k], src->style);
      g_strfreev(sections);
      g_free(prefix);
    } else if (vl_content_item(p->in.content, src->key)) {
      add_para(p, pl, s, vl_content_item(p->in.content, src->key), src->style);
    } else if (vl_content_has_section(p->in.content, src->key)) {
      add_section(p, pl, s, src->key, src->style);
    } else {
      missing_content(p, s, src);
    }
  }
}

typedef struct {
  VlPage *page;
  Placed *pl;
} MissingCtx;

static void on_missing(guint para, gunichar c, int index, const char *context, void *data) {
  MissingCtx *m = data;
  Tofu tofu = {m->pl, para, index};
  g_array_append_val(m->page->tofu, tofu);
  const char *key = para < m->pl->keys->len ? g_ptr_array_index(m->pl->keys, para) : "";
  const char *file;
  int line;
  int s = m->pl->frame->slot;
  key_origin(m->page, s, key, &file, &line);
  char utf8[8] = {0};
  g_unichar_to_utf8(c, utf8);
  char *msg = g_strdup_printf("U+%04X %s has no glyph in any font (%s text: \"%s\")", (unsigned)c, utf8,
                              vl_lang_tag(m->page->in.langs[s]), context);
  report(m->page, VL_ERROR, "missing-glyph", s, key, file, line, msg);
  g_free(msg);
}

static void on_fallback(guint para, const char *text, const char *used, const char *expected, void *data) {
  MissingCtx *m = data;
  const char *key = para < m->pl->keys->len ? g_ptr_array_index(m->pl->keys, para) : "";
  const char *file;
  int line;
  key_origin(m->page, m->pl->frame->slot, key, &file, &line);
  char *msg = g_strdup_printf("\"%s\" is set in %s, not in %s, the face for its script", text, used, expected);
  report(m->page, VL_WARNING, "fallback-font", m->pl->frame->slot, key, file, line, msg);
  g_free(msg);
}

/* The plain text of KEY in slot 0's language, without reporting anything
 * (for the PDF's title). */
static char *quiet_text(const VlPage *p, const char *key) {
  const VlItem *item = vl_content_item(p->in.content, key);
  if (!item) return g_strdup(vl_content_meta(p->in.content, "title"));
  const char *markup = item->text;
  const VlEntry *e = p->in.catalogs[0] ? vl_catalog_lookup(p->in.catalogs[0], key) : NULL;
  if (e && *e->msgstr) markup = e->msgstr;
  char *text = NULL;
  if (!pango_parse_markup(markup, -1, 0, NULL, &text, NULL, NULL)) text = g_strdup(item->text);
  return text;
}

/* A frame can never hold more characters than its area over (0.3 em x 1 em
 * at its smallest size); a quarter of that is a safe bound that stops a
 * megabyte paragraph before Pango spends seconds laying it out. */
static gboolean hopeless(const Placed *pl, double unit, const char *markup) {
  double min = pl->frame->style->size_min * unit;
  double bound = pl->w * pl->h / (min * min * 0.075);
  return (double)g_utf8_strlen(markup, -1) > bound;
}

VlPage *vl_page_compose(const VlPageInput *in) {
  VlPage *p = g_new0(VlPage, 1);
  p->in = *in;
  p->placed = g_ptr_array_new();
  p->tofu = g_array_new(FALSE, FALSE, sizeof(Tofu));
  p->notices = g_ptr_array_new_with_free_func(g_free);
  vl_template_page_size(in->tmpl, &p->w, &p->h);
  double m[4];
  vl_template_margins(in->tmpl, m);
  double unit = vl_template_scale(in->tmpl);
  double aw = p->w - m[1] - m[3], ah = p->h - m[0] - m[2];
  gboolean page_rtl = vl_lang_rtl(in->langs[0]);
  GPtrArray *frames = vl_template_frames(in->tmpl);
  for (guint i = 0; i < frames->len; i++) {
    const VlFrame *f = g_ptr_array_index(frames, i);
    Placed *pl = g_new0(Placed, 1);
    pl->frame = f;
    pl->keys = g_ptr_array_new_with_free_func(g_free);
    /* Right-to-left pages mirror the layout: what starts at the left in
     * English starts at the right. */
    double fx = page_rtl ? 1 - f->x - f->w : f->x;
    pl->x = m[3] + fx * aw, pl->y = m[0] + f->y * ah, pl->w = f->w * aw, pl->h = f->h * ah;
    pl->rtl = vl_lang_rtl(in->langs[f->slot]);
    g_ptr_array_add(p->placed, pl);
    pl->hidden = f->slide && (!in->slide_kind || strcmp(f->slide, in->slide_kind) != 0);
    if (!f->sources->len || pl->hidden) continue;
    double pad = f->padding * unit;
    pl->block = vl_block_new(in->typesetter, in->langs[f->slot], pl->w - 2 * pad, unit);
    fill_frame(p, pl);
    if (vl_block_empty(pl->block) && !pl->overflow) continue;
    double room = pl->h - 2 * pad;
    double min_scale = f->style->size_min / f->style->size;
    if (!pl->overflow && !vl_block_fit(pl->block, room, min_scale)) {
      pl->overflow = TRUE;
      char *msg =
          vl_block_too_wide(pl->block)
              ? g_strdup_printf("a word is wider than frame \"%s\" even at %.1f pt", f->name, f->style->size_min * unit)
              : g_strdup_printf("text does not fit frame \"%s\" even at %.1f pt: %.0f%% too long", f->name,
                                f->style->size_min * unit, MAX(1, vl_block_excess(pl->block, room) * 100));
      report_frame(p, pl, VL_ERROR, "overflow", msg);
      g_free(msg);
    }
    MissingCtx mc = {p, pl};
    vl_block_each_missing(pl->block, on_missing, &mc);
    vl_block_each_fallback(pl->block, on_fallback, &mc);
  }
  p->title = quiet_text(p, "headline");
  return p;
}

double vl_page_min_scale(const VlPage *p) {
  double m = 1.0;
  for (guint i = 0; i < p->placed->len; i++) m = MIN(m, vl_page_frame_scale(p, i));
  return m;
}

void vl_page_check_shrunk(VlPage *p, const double *ref_scales) {
  for (guint i = 0; i < p->placed->len; i++) {
    Placed *pl = g_ptr_array_index(p->placed, i);
    const VlFrame *f = pl->frame;
    if (!pl->block || vl_block_empty(pl->block) || pl->overflow || !p->in.catalogs[f->slot]) continue;
    double ref = ref_scales[i], mine = vl_block_scale(pl->block);
    if (ref <= 0 || mine >= ref * (1 - vl_template_shrink_warning(p->in.tmpl))) continue;
    char *msg =
        g_strdup_printf("shrunk to %.0f%% of the largest size in frame \"%s\", English needs %.0f%% (factor %.2f)",
                        mine * 100, f->name, ref * 100, mine / ref);
    report_frame(p, pl, VL_WARNING, "shrunk", msg);
    g_free(msg);
  }
}

gboolean vl_page_is_draft(const VlPage *p) { return p->draft; }

void vl_page_draw_marks(VlPage *p, cairo_t *cr) {
  double unit = vl_template_scale(p->in.tmpl);
  cairo_save(cr);
  cairo_set_line_width(cr, 0.75);
  for (guint i = 0; i < p->placed->len; i++) {
    Placed *pl = g_ptr_array_index(p->placed, i);
    if (!pl->frame->sources->len || pl->hidden) continue;
    /* Frame outlines, dashed; an overflowing frame in red with how much. */
    double dash[] = {3, 2};
    cairo_set_dash(cr, pl->overflow ? NULL : dash, pl->overflow ? 0 : 2, 0);
    cairo_set_line_width(cr, pl->overflow ? 3 : 0.75);
    if (pl->overflow)
      cairo_set_source_rgb(cr, 0.85, 0.05, 0.05);
    else
      cairo_set_source_rgb(cr, 0.2, 0.45, 0.85);
    cairo_rectangle(cr, pl->x, pl->y, pl->w, pl->h);
    cairo_stroke(cr);
    if (pl->overflow && pl->block) {
      double room = pl->h - 2 * pl->frame->padding * unit;
      double excess = vl_block_excess(pl->block, room);
      /* Show the overflowing part: the text's real extent below the frame. */
      double bottom = pl->y + pl->frame->padding * unit + vl_block_height(pl->block);
      if (bottom > pl->y + pl->h) {
        cairo_set_source_rgba(cr, 0.85, 0.05, 0.05, 0.18);
        cairo_rectangle(cr, pl->x, pl->y + pl->h, pl->w, bottom - pl->y - pl->h);
        cairo_fill(cr);
      }
      char *label = vl_block_too_wide(pl->block) ? g_strdup_printf("OVERFLOW: a word is too wide")
                                                 : g_strdup_printf("OVERFLOW: %.0f%% too long", MAX(1, excess * 100));
      cairo_set_source_rgb(cr, 0.85, 0.05, 0.05);
      cairo_select_font_face(cr, "Noto Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size(cr, 9);
      cairo_move_to(cr, pl->x + 2, pl->y - 3);
      cairo_show_text(cr, label);
      g_free(label);
    }
  }
  /* Characters no font has: circled where they stand. */
  cairo_set_dash(cr, NULL, 0, 0);
  cairo_set_line_width(cr, 1.5);
  cairo_set_source_rgb(cr, 0.85, 0.05, 0.05);
  for (guint i = 0; i < p->tofu->len; i++) {
    Tofu *t = &g_array_index(p->tofu, Tofu, i);
    double box[4];
    vl_block_char_box(t->pl->block, t->para, t->index, box);
    double pad = t->pl->frame->padding * unit;
    double slack = (t->pl->h - 2 * pad) - vl_block_height(t->pl->block);
    double ox = t->pl->x + pad, oy = t->pl->y + pad + (slack > 0 ? slack * t->pl->frame->valign : 0);
    double cx = ox + box[0] + box[2] / 2, cy = oy + box[1] + box[3] / 2;
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, MAX(box[2], box[3]) * 0.75, 0, 2 * G_PI);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  if (p->draft) {
    /* Drafts carry a watermark no one can miss. */
    cairo_save(cr);
    cairo_translate(cr, p->w / 2, p->h / 2);
    cairo_rotate(cr, -atan2(p->h, p->w));
    cairo_select_font_face(cr, "Noto Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, p->w / 4.5);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, "DRAFT", &ext);
    cairo_move_to(cr, -ext.width / 2 - ext.x_bearing, ext.height / 2);
    cairo_set_source_rgba(cr, 0.85, 0.1, 0.1, 0.16);
    cairo_show_text(cr, "DRAFT");
    cairo_restore(cr);
  }
}

void vl_page_free(VlPage *p) {
  if (!p) return;
  for (guint i = 0; i < p->placed->len; i++) {
    Placed *pl = g_ptr_array_index(p->placed, i);
    vl_block_free(pl->block);
    g_ptr_array_free(pl->keys, TRUE);
    g_free(pl);
  }
  g_ptr_array_free(p->placed, TRUE);
  g_array_free(p->tofu, TRUE);
  g_ptr_array_free(p->notices, TRUE);
  g_free(p->title);
  g_free(p);
}

guint vl_page_errors(const VlPage *p) { return p->errors; }
const char *vl_page_title(const VlPage *p) { return p->title; }
void vl_page_size(const VlPage *p, double *w, double *h) { *w = p->w, *h = p->h; }

double vl_page_frame_scale(const VlPage *p, guint i) {
  const Placed *pl = i < p->placed->len ? g_ptr_array_index(p->placed, i) : NULL;
  return pl && pl->block && !vl_block_empty(pl->block) ? vl_block_scale(pl->block) : 1.0;
}

static void draw_frame(VlPage *p, cairo_t *cr, Placed *pl, VlEmbed *embed) {
  const VlFrame *f = pl->frame;
  if (pl->hidden) return;
  double unit = vl_template_scale(p->in.tmpl);
  if (f->has_fill) {
    cairo_set_source_rgb(cr, f->fill[0], f->fill[1], f->fill[2]);
    cairo_rectangle(cr, pl->x, pl->y, pl->w, pl->h);
    cairo_fill(cr);
  }
  if (f->has_rule) {
    /* A bar on the side where reading starts. */
    double bw = 4 * unit;
    cairo_set_source_rgb(cr, f->rule[0], f->rule[1], f->rule[2]);
    cairo_rectangle(cr, pl->rtl ? pl->x + pl->w - bw : pl->x, pl->y, bw, pl->h);
    cairo_fill(cr);
  }
  if (!pl->block || vl_block_empty(pl->block)) return;
  double pad = f->padding * unit;
  double room = pl->h - 2 * pad;
  double slack = room - vl_block_height(pl->block);
  double y = pl->y + pad + (slack > 0 ? slack * f->valign : 0);
  vl_block_draw(pl->block, cr, pl->x + pad, y, embed);
  if (pl->overflow) {
    /* Only reached with --force: show where the text runs out of its frame. */
    cairo_set_source_rgb(cr, 0.85, 0.1, 0.1);
    cairo_set_line_width(cr, 2);
    cairo_rectangle(cr, pl->x, pl->y, pl->w, pl->h);
    cairo_stroke(cr);
  }
}

void vl_page_draw(VlPage *p, cairo_t *cr) {
  const double *bg = vl_template_background(p->in.tmpl);
  cairo_set_source_rgb(cr, bg[0], bg[1], bg[2]);
  cairo_paint(cr);
  /* Subset the large fonts once for the whole page before drawing (embed.h). */
  /* Only a PDF embeds fonts; images and screens draw glyphs as they are. */
  VlEmbed *embed = vl_embed_new();
  if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF) {
    for (guint i = 0; i < p->placed->len; i++) {
      Placed *pl = g_ptr_array_index(p->placed, i);
      if (pl->block) vl_block_collect(pl->block, embed);
    }
    vl_embed_prepare(embed);
  }
  for (guint i = 0; i < p->placed->len; i++) draw_frame(p, cr, g_ptr_array_index(p->placed, i), embed);

  /* Notices (drafts, English standing in, errors printed with --force) go in
   * the bottom margin, in English, so organizers never mistake a draft for a
   * reviewed translation. */
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < p->notices->len; i++) g_ptr_array_add(lines, g_strdup(g_ptr_array_index(p->notices, i)));
  if (p->errors && p->in.force)
    g_ptr_array_add(lines, g_strdup_printf("Printed with %u error%s (--force): run volante check before printing.",
                                           p->errors, p->errors == 1 ? "" : "s"));
  if (!lines->len) {
    g_ptr_array_free(lines, TRUE);
    vl_embed_free(embed);
    return;
  }
  double m[4];
  vl_template_margins(p->in.tmpl, m);
  double unit = vl_template_scale(p->in.tmpl);
  VlLang *en = vl_lang_new("en", NULL);
  VlBlock *b = vl_block_new(p->in.typesetter, en, p->w - m[1] - m[3], unit);
  for (guint i = 0; i < lines->len; i++) {
    char *esc = g_markup_escape_text(g_ptr_array_index(lines, i), -1);
    vl_block_add(b, esc, vl_template_notice_style(p->in.tmpl), NULL, NULL);
    g_free(esc);
  }
  vl_block_fit(b, m[2] * 0.8, 0.7);
  double y = p->h - m[2] + (m[2] - vl_block_height(b)) / 2;
  vl_block_draw(b, cr, m[3], y, NULL);
  vl_block_free(b);
  vl_embed_free(embed);
  vl_lang_free(en);
  g_ptr_array_free(lines, TRUE);
}
