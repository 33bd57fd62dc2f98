#include "page.h"

#include <math.h>
#include <pango/pango.h>
#include <string.h>

#include "cmyk.h"
#include "flow.h"
#include "lint.h"
#include "qr.h"
#include "util.h"

/* A QR code beside (or under) the section of paragraphs PARA to LAST. */
typedef struct {
  VlQr *code;
  guint para, last;
  VlAlign align; /* under its section: lined up like the section's first line */
} Code;

/* A frame placed on the page; a frame set in columns is one Placed per column. */
typedef struct {
  const VlFrame *frame;
  VlBlock *block;        /* NULL when the frame has no text */
  GPtrArray *keys;       /* content key of each paragraph */
  double x, y, w, h;     /* the column's box on the page, pt */
  double fx, fy, fw, fh; /* the whole frame's box */
  int column;
  gboolean rtl; /* the frame's language is right-to-left */
  gboolean overflow;
  gboolean hidden;        /* a kiosk frame for another kind of slide */
  GPtrArray *codes;       /* Code* */
  double qr;              /* size of its codes, pt */
  gboolean codes_room;    /* some section of the column has a code */
  gboolean codes_left;    /* codes beside their sections stand at the column's left (else its right) */
  cairo_surface_t *image; /* the frame's picture, or NULL */
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
  VlLang *notice_lang; /* English, for notices; made when first needed */
};

/* Where to send a person to fix KEY in the language of slot S. */
static void key_origin(const VlPage *p, int s, const char *key, const char **file, int *line) {
  const VlCatalog *cat = p->in.catalogs[s];
  const VlEntry *e = cat ? vl_catalog_lookup(cat, key) : NULL;
  if (cat) {
    *file = vl_catalog_path(cat);
    *line = e ? e->line : vl_catalog_end_line(cat);
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

/* How a notice names a language: its name in itself and its tag, so the
 * print shop and the reader of the language both recognise it. */
static char *lang_label(const VlLang *l) {
  const char *name = vl_lang_autonym(l), *tag = vl_lang_tag(l);
  return strcmp(name, tag) ? g_strdup_printf("%s, %s", name, tag) : g_strdup(tag);
}

/* With --force (and on a kiosk's screen): the English of ITEM, with a notice
 * that it stands in for WHY ("missing") text of slot S. NULL otherwise. */
static char *english_instead(VlPage *p, int s, const VlItem *item, const char *why) {
  if (!p->in.force) return NULL;
  char *who = lang_label(p->in.langs[s]);
  add_notice(p, g_strdup_printf("English stands in for %s %s text.", why, who));
  g_free(who);
  return g_strdup(item->text);
}

/* The text of ITEM in the language of slot S, as Pango markup; NULL when
 * there is none to show. Reports what is wrong with the translation. */
static char *translate(VlPage *p, int s, const VlItem *item) {
  if (!item->translatable) {
    /* A phone number or a web address reads left to right in every
     * language: isolated (U+2066 ... U+2069), "(213) 555-0142" keeps its
     * order on a right-to-left page instead of turning into "555-0142 (213)". */
    char *esc = g_markup_escape_text(item->text, -1);
    if (!strcmp(item->field, "phone") || !strcmp(item->field, "web")) {
      char *iso = g_strconcat("\u2066", esc, "\u2069", NULL);
      g_free(esc);
      esc = iso;
    }
    return esc;
  }
  const VlCatalog *cat = p->in.catalogs[s];
  if (!cat) return g_strdup(item->text);
  const char *lang = vl_lang_tag(p->in.langs[s]);
  const VlEntry *e = vl_catalog_lookup(cat, item->key);
  if (e && e->plural) {
    /* Its msgstr is "", but it is not untranslated: say what it is (once
     * per entry, as the catalog check says it, run.c). */
    vl_diag_add(p->in.diag, VL_ERROR, "plural", lang, "", item->key, vl_catalog_path(cat), e->line, "%s",
                VL_PLURAL_MESSAGE);
    p->errors++;
    return english_instead(p, s, item, "missing");
  }
  if (!e || !*e->msgstr) {
    char *msg = g_strdup_printf("%s%s", e ? "not translated yet" : VL_NOT_IN_FILE_MESSAGE,
                                p->in.force ? "; the English is printed instead (--force)" : "");
    report(p, VL_ERROR, "missing-translation", s, item->key, vl_catalog_path(cat),
           e ? e->line : vl_catalog_end_line(cat), msg);
    g_free(msg);
    return english_instead(p, s, item, "missing");
  }
  const char *stale = vl_entry_stale(e, item->text);
  if (stale) {
    /* Like drafts, staleness belongs to the PO entry: reported without a layout. */
    vl_diag_add(p->in.diag, VL_ERROR, "stale", lang, "", item->key, vl_catalog_path(cat), e->line, "%s", stale);
    p->errors++;
    /* The old translation may state an old fact (10% where the English now
     * says 11%): with --force, and on a kiosk's screen, the English stands in. */
    return english_instead(p, s, item, "outdated");
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
    char *who = lang_label(p->in.langs[s]);
    add_notice(p, g_strdup_printf("DRAFT translation (%s): not yet reviewed by a native speaker.", who));
    g_free(who);
    p->draft = TRUE;
  }
  return g_strdup(e->msgstr);
}

static gboolean hopeless(const Placed *pl, double unit, const char *markup);

/* The room a QR code takes beside or under its section: the code and a gap. */
static double code_room(const Placed *pl) { return pl->qr * 1.15; }

static gboolean add_para(VlPage *p, Placed *pl, int s, const VlItem *item, const VlStyle *style) {
  if (!*item->text) return TRUE; /* an empty optional field: nothing to show */
  char *markup = translate(p, s, item);
  if (!markup) return FALSE;
  if (hopeless(pl, vl_template_scale(p->in.tmpl), markup)) {
    const char *file;
    int line;
    key_origin(p, s, item->key, &file, &line);
    char *msg = g_strdup_printf("the text (%ld characters) is far too long for its frame: it cannot fit at any size",
                                g_utf8_strlen(markup, -1));
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
    char *msg = vl_lint_markup(markup);
    if (!msg) {
      /* GMarkup quotes the markup, maybe part of a character: one printable line. */
      char *why = vl_printable(err->message);
      msg = g_strdup_printf("the tags cannot be read: %s", why);
      g_free(why);
    }
    report(p, VL_ERROR, "markup", s, item->key, file, line, msg);
    g_free(msg);
    g_error_free(err);
  } else {
    g_ptr_array_add(pl->keys, g_strdup(item->key));
  }
  g_free(markup);
  return TRUE;
}

/* The address a section's QR code carries: its web address, or else its
 * phone number (tel:). NULL when it has neither. */
static char *section_uri(const VlPage *p, const char *section) {
  static const char *const fields[] = {"web", "phone"};
  for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
    char *key = g_strdup_printf("%s.%s", section, fields[i]);
    const VlItem *item = vl_content_item(p->in.content, key);
    g_free(key);
    char *uri = item ? vl_qr_uri(fields[i], item->text) : NULL;
    if (uri) return uri;
  }
  return NULL;
}

/* A field of the event that is not in the content but worded for the
 * page's language by ICU ("date", "time", "when", see event.h). */
static void add_event_field(VlPage *p, Placed *pl, int s, const char *key, const char *field, const VlStyle *style) {
  char *text = vl_event_field(p->in.event, field, vl_lang_tag(p->in.langs[s]));
  if (!text) {
    /* A date that cannot be read is reported once, with the content's line
     * (event.c); here it only stops the page. */
    if (p->in.event) p->errors++;
    return;
  }
  VlItem item = {(char *)key, "event", (char *)field, text, 0, FALSE};
  add_para(p, pl, s, &item, style);
  g_free(text);
}

/* The style a section's first field is set in. */
static const VlStyle *first_style(const Placed *pl, const VlStyle *style) {
  const VlFrame *f = pl->frame;
  const VlField *fl = f->fields->len ? g_ptr_array_index(f->fields, 0) : NULL;
  return fl && fl->style ? fl->style : style ? style : f->style;
}

static void add_section(VlPage *p, Placed *pl, int s, const char *section, const VlStyle *style) {
  const VlFrame *f = pl->frame;
  guint first = vl_block_len(pl->block);
  for (guint i = 0; i < f->fields->len; i++) {
    const VlField *fl = g_ptr_array_index(f->fields, i);
    char *key = strcmp(fl->field, "text") == 0 ? g_strdup(section) : g_strdup_printf("%s.%s", section, fl->field);
    const VlItem *item = vl_content_item(p->in.content, key);
    if (item)
      add_para(p, pl, s, item, fl->style ? fl->style : style);
    else if (!strcmp(section, "event"))
      add_event_field(p, pl, s, key, fl->field, fl->style ? fl->style : style);
    g_free(key);
  }
  char *uri = pl->qr > 0 ? section_uri(p, section) : NULL;
  if (uri && vl_block_len(pl->block) > first) {
    GError *err = NULL;
    VlQr *code = vl_qr_new(uri, &err);
    if (code) {
      Code *c = g_new0(Code, 1);
      c->code = code;
      c->para = first;
      c->last = vl_block_len(pl->block) - 1;
      c->align = first_style(pl, style)->align;
      g_ptr_array_add(pl->codes, c);
      if (f->qr_at == VL_QR_UNDER)
        vl_block_below(pl->block, code_room(pl));
      else
        vl_block_reserve(pl->block, first, pl->qr);
    } else {
      const VlItem *it = vl_content_item(p->in.content, section);
      report(p, VL_ERROR, "qr", s, section, vl_content_path(p->in.content), it ? it->line : 0, err->message);
      g_error_free(err);
    }
  }
  g_free(uri);
  vl_block_gap(pl->block, f->item_gap);
}

static void missing_content(VlPage *p, int s, const VlSource *src) {
  char *msg =
      g_strdup_printf("the layout needs content \"%s\" but %s has none", src->key, vl_content_path(p->in.content));
  report(p, VL_ERROR, "missing-content", s, src->key, vl_template_path(p->in.tmpl), src->line, msg);
  g_free(msg);
}

/* The sections of group SRC ("ally.*") that column COL of the frame shows:
 * sections go to the columns in turn. */
static char **column_sections(const VlPage *p, const Placed *pl, const char *group) {
  char *prefix = g_strndup(group, strlen(group) - 2);
  char **all = vl_content_group(p->in.content, prefix);
  g_free(prefix);
  int n = pl->frame->columns, k = 0;
  for (int i = 0; all[i]; i++) {
    if (i % n == pl->column)
      all[k++] = all[i];
    else
      g_free(all[i]);
  }
  all[k] = NULL;
  return all;
}

/* Whether the frame names fields of its sections (fields=date,time): then
 * content=event is the section's fields, not the section's own text. */
static gboolean section_fields(const VlFrame *f) {
  const VlField *only = f->fields->len == 1 ? g_ptr_array_index(f->fields, 0) : NULL;
  return !only || strcmp(only->field, "text") != 0 || only->style;
}

static void fill_frame(VlPage *p, Placed *pl) {
  const VlFrame *f = pl->frame;
  int s = f->slot;
  for (guint i = 0; i < f->sources->len; i++) {
    const VlSource *src = g_ptr_array_index(f->sources, i);
    gboolean group = g_str_has_suffix(src->key, ".*");
    if (pl->column > 0 && !group) continue; /* single items stand in the first column */
    if (!strcmp(src->key, "SLIDE")) {
      /* A kiosk frame showing the current slide's own section. */
      if (p->in.slide_section && vl_content_has_section(p->in.content, p->in.slide_section))
        add_section(p, pl, s, p->in.slide_section, src->style);
      else if (p->in.slide_section && vl_content_item(p->in.content, p->in.slide_section))
        add_para(p, pl, s, vl_content_item(p->in.content, p->in.slide_section), src->style);
      else
        missing_content(p, s, src);
    } else if (group) {
      char **sections = column_sections(p, pl, src->key);
      if (!sections[0] && pl->column == 0) missing_content(p, s, src);
      for (int k = 0; sections[k]; k++) add_section(p, pl, s, sections[k], src->style);
      g_strfreev(sections);
    } else if (vl_content_item(p->in.content, src->key) && !section_fields(f)) {
      add_para(p, pl, s, vl_content_item(p->in.content, src->key), src->style);
    } else if (vl_content_has_section(p->in.content, src->key)) {
      add_section(p, pl, s, src->key, src->style);
    } else {
      missing_content(p, s, src);
    }
  }
}

static gboolean has_uri(const VlPage *p, const char *section) {
  char *uri = section_uri(p, section);
  g_free(uri);
  return uri != NULL;
}

/* TRUE when some section the column shows has a QR code: only then does the
 * column make room for codes. */
static gboolean column_has_codes(const VlPage *p, const Placed *pl) {
  const VlFrame *f = pl->frame;
  if (f->qr <= 0) return FALSE;
  for (guint i = 0; i < f->sources->len; i++) {
    const VlSource *src = g_ptr_array_index(f->sources, i);
    if (g_str_has_suffix(src->key, ".*")) {
      char **sections = column_sections(p, pl, src->key);
      gboolean any = FALSE;
      for (int k = 0; sections[k] && !any; k++) any = has_uri(p, sections[k]);
      g_strfreev(sections);
      if (any) return TRUE;
    } else {
      const char *section = strcmp(src->key, "SLIDE") ? src->key : p->in.slide_section;
      if (section && has_uri(p, section)) return TRUE;
    }
  }
  return FALSE;
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
  char *msg = g_strdup_printf("no font has the character %s (U+%04X), so it would print as an empty box: \"%s\"", utf8,
                              (unsigned)c, context);
  report(m->page, VL_ERROR, "missing-glyph", s, key, file, line, msg);
  g_free(msg);
}

static void on_fallback(guint para, const char *text, const char *used, const char *expected, void *data) {
  MissingCtx *m = data;
  const char *key = para < m->pl->keys->len ? g_ptr_array_index(m->pl->keys, para) : "";
  const char *file;
  int line;
  key_origin(m->page, m->pl->frame->slot, key, &file, &line);
  char *msg =
      g_strdup_printf("\"%s\" is printed in the font %s, not in %s like the text around it", text, used, expected);
  report(m->page, VL_WARNING, "fallback-font", m->pl->frame->slot, key, file, line, msg);
  g_free(msg);
}

static void on_line_warning(guint para, const char *kind, const char *text, void *data) {
  MissingCtx *m = data;
  const char *key = para < m->pl->keys->len ? g_ptr_array_index(m->pl->keys, para) : "";
  const char *file;
  int line;
  key_origin(m->page, m->pl->frame->slot, key, &file, &line);
  if (!strcmp(kind, "no-face")) {
    char **part = g_strsplit(text, "\n", 3);
    char *msg = g_strdup_printf(
        "the %s script (\"%s\") has no face of its own in volante's fonts "
        "(fonts/fonts.conf): it is printed in %s, the font fontconfig happened to find",
        part[0], part[1], part[2]);
    report(m->page, VL_WARNING, kind, m->pl->frame->slot, key, file, line, msg);
    g_free(msg);
    g_strfreev(part);
    return;
  }
  char *msg = !strcmp(kind, "kept-word-split")
                  ? g_strdup_printf(
                        "a line ends inside \"%s\", a word kept whole by the keep list (X-Volante-Keep) "
                        "or a word joiner (U+2060)",
                        text)
                  : g_strdup_printf(
                        "the headline ends on one short word (\"%s\"): a wording that "
                        "balances the lines would read better",
                        text);
  report(m->page, VL_WARNING, kind, m->pl->frame->slot, key, file, line, msg);
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

/* Right-to-left pages mirror the layout: what starts at the left in English
 * starts at the right. The back of a duplex card is in the second language. */
static gboolean page_rtl(const VlPage *p, int page) {
  return vl_lang_rtl(p->in.langs[vl_template_duplex(p->in.tmpl) && page == 1 ? 1 : 0]);
}

/* The frame's picture, read once; NULL (and an error) when it cannot be read. */
static cairo_surface_t *load_image(VlPage *p, const VlFrame *f) {
  char *dir = g_path_get_dirname(vl_content_path(p->in.content));
  char *path = g_build_filename(dir, f->image, NULL);
  /* The layout names a path inside the content folder (template.c); a link
   * there must not lead out of it either. */
  char *real = vl_real_path(path), *root = vl_real_path(dir);
  gboolean inside = !real || !root || (g_str_has_prefix(real, root) && real[strlen(root)] == G_DIR_SEPARATOR);
  g_free(real);
  g_free(root);
  g_free(dir);
  cairo_surface_t *img = inside ? cairo_image_surface_create_from_png(path) : NULL;
  if (!inside) {
    char *msg = g_strdup_printf(
        "frame \"%s\": image %s is a link to a file outside the content folder: copy the "
        "picture into the content folder",
        f->name, path);
    report(p, VL_ERROR, "image", f->slot, "", vl_template_path(p->in.tmpl), f->image_line, msg);
    g_free(msg);
  } else if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
    char *msg = g_strdup_printf("frame \"%s\": cannot read image %s: %s", f->name, path,
                                cairo_status_to_string(cairo_surface_status(img)));
    report(p, VL_ERROR, "image", f->slot, "", vl_template_path(p->in.tmpl), f->image_line, msg);
    g_free(msg);
    cairo_surface_destroy(img);
    img = NULL;
  }
  g_free(path);
  return img;
}

/* Where the picture goes in its frame: as large as fits, centered. */
static void image_box(const Placed *pl, double pad, double box[4]) {
  double iw = cairo_image_surface_get_width(pl->image), ih = cairo_image_surface_get_height(pl->image);
  double k = MIN((pl->w - 2 * pad) / iw, (pl->h - 2 * pad) / ih);
  box[2] = iw * k, box[3] = ih * k;
  box[0] = pl->x + (pl->w - box[2]) / 2, box[1] = pl->y + (pl->h - box[3]) / 2;
}

/* Whether the column's codes stand beside their sections, the text
 * narrower by them. */
static gboolean codes_beside(const Placed *pl) { return pl->codes_room && pl->frame->qr_at != VL_QR_UNDER; }

/* The height the column's text may take: inside the padding (codes under
 * their sections are part of the text block). The fit, the drawing and the
 * checks all use it. */
static double text_room(const VlPage *p, const Placed *pl) {
  double pad = pl->frame->padding * vl_template_scale(p->in.tmpl);
  return pl->h - 2 * pad;
}

/* Where the top-left corner of the column's text block stands: inside the
 * padding, after codes standing at its left, lowered by valign. */
static void text_origin(const VlPage *p, const Placed *pl, double *x, double *y) {
  double pad = pl->frame->padding * vl_template_scale(p->in.tmpl);
  double slack = text_room(p, pl) - vl_block_height(pl->block);
  *x = pl->x + pad + (codes_beside(pl) && pl->codes_left ? code_room(pl) : 0);
  *y = pl->y + pad + (slack > 0 ? slack * (pl->frame->valign / 2.0) : 0);
}

/* Where the code of section C stands on the page: beside the section's
 * first line, or right under its last, lined up like its first line. */
static void code_box(const VlPage *p, const Placed *pl, const Code *c, double box[4]) {
  double pad = pl->frame->padding * vl_template_scale(p->in.tmpl);
  double x, top;
  text_origin(p, pl, &x, &top);
  box[2] = box[3] = pl->qr;
  if (pl->frame->qr_at == VL_QR_UNDER) {
    double left = pl->x + pad, right = pl->x + pl->w - pad - pl->qr;
    gboolean start_left = !pl->rtl;
    box[0] = c->align == VL_ALIGN_CENTER                  ? (left + right) / 2
             : (c->align == VL_ALIGN_START) == start_left ? left
                                                          : right;
    box[1] = top + vl_block_para_top(pl->block, c->last) + vl_block_para_height(pl->block, c->last) +
             (code_room(pl) - pl->qr) / 2;
    return;
  }
  box[0] = pl->codes_left ? pl->x + pad : pl->x + pl->w - pad - pl->qr;
  box[1] = top + vl_block_para_top(pl->block, c->para);
}

/* RGB in the press's inks (vl_cmyk_from_rgb), or as an earlier run found
 * it (the layout cache): building the profile's transformation costs more
 * than setting an English flyer's text. FALSE when there is no profile. */
static gboolean press_cmyk(VlPage *p, const double rgb[3], double k[4]) {
  VlCache *cache = vl_typesetter_cache(p->in.typesetter);
  char *id = cache ? vl_cmyk_press_id() : NULL;
  char *key = id ? g_strdup_printf("rich-black\x1d%s\x1d%a|%a|%a", id, rgb[0], rgb[1], rgb[2]) : NULL;
  gboolean ok = key && vl_cache_get(cache, key, k, 4) == 4;
  if (!ok) {
    const VlCmyk *press = vl_cmyk_press(NULL);
    if (press) {
      vl_cmyk_from_rgb(press, rgb, k);
      if (key) vl_cache_put(cache, key, k, 4);
      ok = TRUE;
    }
  }
  g_free(key);
  g_free(id);
  return ok;
}

/* Small dark text in a colour, which a press prints in four inks (the
 * press's profile says how much of each): once a frame, at its line. */
static void check_rich_black(VlPage *p, Placed *pl) {
  for (guint i = 0; pl->block && i < vl_block_len(pl->block); i++) {
    double size, k[4];
    const VlStyle *st = vl_block_para_style(pl->block, i, &size);
    /* Large type and grays need no profile (reading it costs more than
     * setting a flyer's headline), so it is read only for the rest. */
    if (size >= 12 || vl_cmyk_neutral(st->color)) continue;
    if (!press_cmyk(p, st->color, k)) return;
    if (k[3] <= 0.5 || k[0] + k[1] + k[2] <= 0.05) continue;
    char *msg = g_strdup_printf(
        "frame \"%s\": %.1f pt text in #%02x%02x%02x prints in four inks on a press "
        "(C%.0f M%.0f Y%.0f K%.0f with --pdfx); black or a gray prints on the black plate alone",
        pl->frame->name, size, (int)(st->color[0] * 255 + 0.5), (int)(st->color[1] * 255 + 0.5),
        (int)(st->color[2] * 255 + 0.5), k[0] * 100, k[1] * 100, k[2] * 100, k[3] * 100);
    report(p, VL_WARNING, "rich-black", pl->frame->slot, "", vl_template_path(p->in.tmpl), pl->frame->line, msg);
    g_free(msg);
    return;
  }
}

/* What a print shop would send back: type too small to read, things too
 * close to the cut, blurry pictures, codes too small to scan. Only for print
 * (kiosk frames are measured in pixels). */
static void check_print(VlPage *p, Placed *pl) {
  const VlFrame *f = pl->frame;
  const char *layout_path = vl_template_path(p->in.tmpl);
  double unit = vl_template_scale(p->in.tmpl);
  double pad = f->padding * unit;
  if (pl->block && !vl_block_empty(pl->block) && !pl->overflow) {
    MissingCtx mc = {p, pl};
    vl_block_each_line_warning(pl->block, on_line_warning, &mc);
  }
  if (pl->block && !vl_block_empty(pl->block) && !pl->overflow && vl_block_min_size(pl->block) < 6 - 1e-6) {
    char *msg = g_strdup_printf("text set at %.1f pt in frame \"%s\", smaller than 6 pt is hard to read in print",
                                vl_block_min_size(pl->block), f->name);
    /* At its style's own size (not shrunk to fit a translation) the size is
     * the layout's choice, and the layout's line is where to change it. */
    if (vl_block_scale(pl->block) >= 1 - 1e-6)
      report(p, VL_WARNING, "small-text", f->slot, "", layout_path, f->line, msg);
    else
      report_frame(p, pl, VL_WARNING, "small-text", msg);
    g_free(msg);
  }
  check_rich_black(p, pl);
  /* Boxes of what is printed in the frame: its text, its picture, its codes. */
  GArray *boxes = g_array_new(FALSE, FALSE, sizeof(double[4]));
  if (pl->block && !vl_block_empty(pl->block)) {
    double b[4];
    text_origin(p, pl, &b[0], &b[1]);
    b[2] = vl_block_width(pl->block), b[3] = MIN(text_room(p, pl), vl_block_height(pl->block));
    g_array_append_val(boxes, b);
  }
  if (pl->image) {
    double b[4];
    image_box(pl, pad, b);
    g_array_append_val(boxes, b);
    double dpi = cairo_image_surface_get_width(pl->image) / (b[2] / 72);
    if (dpi < 150 - 0.5) {
      char *msg = g_strdup_printf("frame \"%s\": image %s is %.0f dpi at its printed size; print needs 150 or more",
                                  f->name, f->image, dpi);
      report(p, VL_WARNING, "image-resolution", f->slot, "", layout_path, f->image_line, msg);
      g_free(msg);
    }
  }
  for (guint i = 0; i < pl->codes->len; i++) {
    double b[4];
    code_box(p, pl, g_ptr_array_index(pl->codes, i), b);
    g_array_append_val(boxes, b);
  }
  /* A phone's camera needs modules (the little squares) of 0.4 mm or more
   * at arm's length; a longer address makes more and smaller modules. */
  double module = G_MAXDOUBLE;
  for (guint i = 0; i < pl->codes->len; i++)
    module = MIN(module, vl_qr_module(((Code *)g_ptr_array_index(pl->codes, i))->code, pl->qr));
  if (pl->codes->len && module * 25.4 / 72 < 0.4 - 0.005) {
    char *msg = g_strdup_printf(
        "frame \"%s\": QR code modules are %.2f mm wide; under 0.4 mm many phones cannot "
        "read them",
        f->name, module * 25.4 / 72);
    vl_diag_add(p->in.diag, VL_WARNING, "qr-size", "", vl_template_name(p->in.tmpl), "", layout_path, f->line, "%s",
                msg);
    g_free(msg);
  }
  /* Where the piece's edge is the paper's, office printers leave the
   * outer 0.25 in blank: everything printed, fills and bars too, keeps out
   * of it. Elsewhere (cards) 0.125 in: how far a guillotine may wander from
   * the trim line. */
  gboolean paper = vl_template_piece(p->in.tmpl)->kind->paper_edge;
  if (paper && f->has_fill) {
    double b[4] = {pl->fx, pl->fy, pl->fw, pl->fh};
    g_array_append_val(boxes, b);
  }
  if (paper && f->has_rule) {
    double bw = 4 * unit, b[4] = {pl->rtl ? pl->fx + pl->fw - bw : pl->fx, pl->fy, bw, pl->fh};
    g_array_append_val(boxes, b);
  }
  double safe = (paper ? 0.25 : 0.125) * 72 - 0.05, closest = G_MAXDOUBLE;
  for (guint i = 0; i < boxes->len; i++) {
    double *b = &((double *)(void *)boxes->data)[i * 4];
    closest = MIN(closest, MIN(MIN(b[0], b[1]), MIN(p->w - b[0] - b[2], p->h - b[1] - b[3])));
  }
  if (closest < safe) {
    char *msg =
        paper ? g_strdup_printf(
                    "frame \"%s\": printed %.2f in from the paper's edge; office printers cannot print "
                    "the outer 0.25 in",
                    f->name, MAX(0, closest) / 72)
              : g_strdup_printf("frame \"%s\": content %.3f in from the trim, inside the 0.125 in a cut may wander",
                                f->name, MAX(0, closest) / 72);
    vl_diag_add(p->in.diag, VL_WARNING, paper ? "paper-edge" : "trim-margin", "", vl_template_name(p->in.tmpl), "",
                layout_path, f->line, "%s", msg);
    g_free(msg);
  }
  g_array_free(boxes, TRUE);
}

/* The frame's picture (load_image), never read from what is not a regular
 * file: a FIFO in its place would block the reader forever. */
static cairo_surface_t *picture(VlPage *p, const VlFrame *f) {
  char *dir = g_path_get_dirname(vl_content_path(p->in.content));
  char *path = g_build_filename(dir, f->image, NULL);
  g_free(dir);
  gboolean odd = vl_not_a_file(path);
  if (odd) {
    char *msg = g_strdup_printf("frame \"%s\": cannot read image %s: not a regular file", f->name, path);
    report(p, VL_ERROR, "image", f->slot, "", vl_template_path(p->in.tmpl), f->line, msg);
    g_free(msg);
  }
  g_free(path);
  return odd ? NULL : load_image(p, f);
}

/* Makes the column's text block and fills it with the frame's content. */
static void fill_column(VlPage *p, Placed *pl) {
  const VlPageInput *in = &p->in;
  const VlFrame *f = pl->frame;
  double unit = vl_template_scale(in->tmpl);
  if (f->image && pl->column == 0) pl->image = picture(p, f);
  if (!f->sources->len || pl->hidden) return;
  double pad = f->padding * unit;
  pl->qr = f->qr * unit;
  pl->codes_room = column_has_codes(p, pl);
  double width = pl->w - 2 * pad - (codes_beside(pl) ? code_room(pl) : 0);
  pl->block = vl_block_new(in->typesetter, in->langs[f->slot], MAX(width, 1), unit);
  fill_frame(p, pl);
}

static gboolean has_text(const Placed *pl) { return pl->block && (!vl_block_empty(pl->block) || pl->overflow); }

/* The smallest scale of the frame's text: its style's size-min over size. */
static double min_scale(const VlFrame *f) { return f->style->size_min / f->style->size; }

/* Fits the column's text to its box (shrinking it) and reports what does
 * not fit and what no font has. */
static void fit_column(VlPage *p, Placed *pl) {
  const VlFrame *f = pl->frame;
  if (!has_text(pl)) return;
  double room = text_room(p, pl);
  if (!pl->overflow && !vl_block_fit(pl->block, room, min_scale(f))) {
    pl->overflow = TRUE;
    /* Said the same way in every layout but for the figure, so that check
     * can say it once for all the layouts (diag.c folds the figures). */
    double more = MAX(1, vl_block_excess(pl->block, room) * 100);
    char *msg =
        vl_block_too_wide(pl->block) ? g_strdup("a word is wider than its frame even at the smallest type size")
        : pl->keys->len > 1
            ? g_strdup_printf(
                  "the texts of this frame need %.0f%% more room than it has at the smallest type "
                  "size; this is the longest of them",
                  more)
            : g_strdup_printf("the text needs %.0f%% more room than its frame has at the smallest type size", more);
    report_frame(p, pl, VL_ERROR, "overflow", msg);
    g_free(msg);
  }
  MissingCtx mc = {p, pl};
  vl_block_each_missing(pl->block, on_missing, &mc);
  vl_block_each_fallback(pl->block, on_fallback, &mc);
}

/* After the columns of one frame (placed from FIRST on) are fitted: they
 * share one size, the smallest any of them needs; then the print checks. */
static void finish_frame(VlPage *p, guint first) {
  const VlFrame *f = ((Placed *)g_ptr_array_index(p->placed, first))->frame;
  double scale = 1;
  guint end = first;
  while (end < p->placed->len && ((Placed *)g_ptr_array_index(p->placed, end))->frame == f) end++;
  for (guint k = first; end - first > 1 && k < end; k++) scale = MIN(scale, vl_page_frame_scale(p, k));
  for (guint k = first; end - first > 1 && k < end; k++) {
    Placed *pl = g_ptr_array_index(p->placed, k);
    if (pl->block && !vl_block_empty(pl->block) && !pl->overflow && vl_block_scale(pl->block) > scale)
      vl_block_set_scale(pl->block, scale);
  }
  if (!p->in.slide_kind)
    for (guint k = first; k < end; k++) check_print(p, g_ptr_array_index(p->placed, k));
}

/* A flow group being placed: its rows and the columns standing in each. */
typedef struct {
  VlPage *page;
  GPtrArray *members; /* GPtrArray* of Placed*, one per row */
} Flow;

/* The height row I needs with its text at SCALE: its tallest column. */
static double flow_need(guint i, double scale, void *data) {
  Flow *fl = data;
  GPtrArray *row = g_ptr_array_index(fl->members, i);
  double unit = vl_template_scale(fl->page->in.tmpl), need = 0;
  for (guint k = 0; k < row->len; k++) {
    Placed *pl = g_ptr_array_index(row, k);
    if (!has_text(pl) || pl->overflow) continue;
    double h = vl_block_height_at(pl->block, MAX(scale, min_scale(pl->frame)));
    need = MAX(need, h + 2 * pl->frame->padding * unit);
  }
  return need;
}

/* Everything vl_flow_place reads: the rows as designed and, for each of
 * their columns, what flow_need measures (cache.h). */
static char *flow_key(const Flow *fl, const GArray *rows) {
  GString *s = g_string_new("flow");
  g_string_append_printf(s, "\x1d%a", vl_template_scale(fl->page->in.tmpl));
  for (guint i = 0; i < rows->len; i++) {
    const VlFlowRow *r = &g_array_index(rows, VlFlowRow, i);
    g_string_append_printf(s, "\x1d%a|%a|%a|%a|%d|%a|%d|%d", r->y, r->h, r->min, r->max, r->priority, r->min_scale,
                           r->empty, r->fixed);
    GPtrArray *row = g_ptr_array_index(fl->members, i);
    for (guint k = 0; k < row->len; k++) {
      const Placed *pl = g_ptr_array_index(row, k);
      gboolean measured = has_text(pl) && !pl->overflow;
      g_string_append_printf(s, "\x1c%a|%a|%d", pl->frame->padding, pl->frame->style ? min_scale(pl->frame) : 1.0,
                             measured);
      if (measured) {
        char *text = vl_block_key(pl->block);
        g_string_append_printf(s, "|%s", text);
        g_free(text);
      }
    }
  }
  return g_string_free(s, FALSE);
}

/* Places the rows as vl_flow_place does, or as it did for the same rows in
 * an earlier run: each row's top, height and scale. */
static void flow_place(Flow *fl, GArray *rows) {
  VlFlowRow *r = (VlFlowRow *)(void *)rows->data;
  int n = (int)rows->len * 3;
  VlCache *cache = vl_typesetter_cache(fl->page->in.typesetter);
  char *key = cache && n <= VL_CACHE_MAX_VALUES ? flow_key(fl, rows) : NULL;
  double *v = g_new(double, n > 0 ? n : 1);
  gboolean known = key && vl_cache_get(cache, key, v, n) == n;
  for (int i = 2; known && i < n; i += 3) known = v[i] >= 0 && v[i] <= 1; /* a scale */
  if (known) {
    for (guint i = 0; i < rows->len; i++) r[i].top = v[3 * i], r[i].height = v[3 * i + 1], r[i].scale = v[3 * i + 2];
  } else {
    vl_flow_place(r, rows->len, flow_need, fl);
    for (guint i = 0; i < rows->len; i++) v[3 * i] = r[i].top, v[3 * i + 1] = r[i].height, v[3 * i + 2] = r[i].scale;
    vl_cache_put(cache, key, v, n);
  }
  g_free(v);
  g_free(key);
}

static int by_top(gconstpointer a, gconstpointer b) {
  const Placed *x = *(Placed *const *)a, *y = *(Placed *const *)b;
  return x->fy < y->fy - 0.01 ? -1 : x->fy > y->fy + 0.01;
}

/* Places the frames of flow group NAME on page PAGE (flow.h), then fits
 * them where they came to stand. */
static void place_flow(VlPage *p, const char *name, int page, double area_h) {
  GPtrArray *all = g_ptr_array_new();
  for (guint i = 0; i < p->placed->len; i++) {
    Placed *pl = g_ptr_array_index(p->placed, i);
    if (pl->frame->flow && !strcmp(pl->frame->flow, name) && pl->frame->page == page && !pl->hidden)
      g_ptr_array_add(all, pl);
  }
  g_ptr_array_sort(all, by_top);
  Flow fl = {p, g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref)};
  GArray *rows = g_array_new(FALSE, TRUE, sizeof(VlFlowRow));
  for (guint i = 0; i < all->len; i++) {
    Placed *pl = g_ptr_array_index(all, i);
    const VlFrame *f = pl->frame;
    VlFlowRow *r = rows->len ? &g_array_index(rows, VlFlowRow, rows->len - 1) : NULL;
    if (!r || by_top(&pl, &g_ptr_array_index(all, i - 1)) != 0) {
      VlFlowRow blank = {pl->fy, 0, 0, 0, f->priority, 1, TRUE, TRUE, 0, 0, 0};
      g_array_append_val(rows, blank);
      g_ptr_array_add(fl.members, g_ptr_array_new());
      r = &g_array_index(rows, VlFlowRow, rows->len - 1);
    }
    g_ptr_array_add(g_ptr_array_index(fl.members, rows->len - 1), pl);
    r->h = MAX(r->h, pl->fh);
    r->min = MAX(r->min, f->min_h * area_h);
    if (f->max_h > 0) r->max = r->max > 0 ? MIN(r->max, f->max_h * area_h) : f->max_h * area_h;
    r->priority = MIN(r->priority, f->priority);
    if (f->style) r->min_scale = MIN(r->min_scale, min_scale(f));
    /* A frame with content but no text to show takes no space; a frame
     * without content (a band, a picture) keeps its height. */
    if (f->sources->len) r->fixed = FALSE;
    if (!f->sources->len || has_text(pl)) r->empty = FALSE;
  }
  flow_place(&fl, rows);
  for (guint i = 0; i < rows->len; i++) {
    const VlFlowRow *r = &g_array_index(rows, VlFlowRow, i);
    GPtrArray *row = g_ptr_array_index(fl.members, i);
    for (guint k = 0; k < row->len; k++) {
      Placed *pl = g_ptr_array_index(row, k);
      pl->y = pl->fy = r->top;
      pl->h = pl->fh = r->height;
      fit_column(p, pl);
    }
  }
  g_array_free(rows, TRUE);
  g_ptr_array_free(fl.members, TRUE);
  g_ptr_array_free(all, TRUE);
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
  GPtrArray *frames = vl_template_frames(in->tmpl);
  GPtrArray *flows = g_ptr_array_new(); /* the first frame of each flow group and page, in layout order */
  for (guint i = 0; i < frames->len; i++) {
    const VlFrame *f = g_ptr_array_index(frames, i);
    gboolean rtl_page = page_rtl(p, f->page);
    double fx = rtl_page ? 1 - f->x - f->w : f->x;
    double FX = m[3] + fx * aw, FY = m[0] + f->y * ah, FW = f->w * aw, FH = f->h * ah;
    int n = MAX(1, f->columns);
    double gap = f->column_gap * unit, cw = (FW - (n - 1) * gap) / n;
    guint first = p->placed->len;
    for (int col = 0; col < n; col++) {
      Placed *pl = g_new0(Placed, 1);
      pl->frame = f;
      pl->column = col;
      pl->keys = g_ptr_array_new_with_free_func(g_free);
      pl->codes = g_ptr_array_new();
      pl->fx = FX, pl->fy = FY, pl->fw = FW, pl->fh = FH;
      /* Columns follow the reading direction too. */
      int at = rtl_page ? n - 1 - col : col;
      pl->x = FX + at * (cw + gap), pl->y = FY, pl->w = n > 1 ? cw : FW, pl->h = f->flow ? ah : FH;
      pl->rtl = vl_lang_rtl(in->langs[f->slot]);
      /* Codes beside their sections: on the end side of the frame's language,
       * or (outside) on the side nearer the page's edge. */
      pl->codes_left = f->qr_at == VL_QR_OUTSIDE ? FX + FW / 2 < p->w / 2 : pl->rtl;
      pl->hidden = f->slide && (!in->slide_kind || strcmp(f->slide, in->slide_kind) != 0);
      g_ptr_array_add(p->placed, pl);
      fill_column(p, pl);
      if (!f->flow) fit_column(p, pl);
    }
    if (!f->flow) {
      finish_frame(p, first);
      continue;
    }
    gboolean known = FALSE;
    for (guint k = 0; k < flows->len && !known; k++) {
      const VlFrame *g = g_ptr_array_index(flows, k);
      known = g->page == f->page && !strcmp(g->flow, f->flow);
    }
    if (!known) g_ptr_array_add(flows, (gpointer)f);
  }
  /* Frames of a flow group share its height once all their text is known. */
  for (guint k = 0; k < flows->len; k++) {
    const VlFrame *g = g_ptr_array_index(flows, k);
    place_flow(p, g->flow, g->page, ah);
  }
  for (guint i = 0; i < p->placed->len; i++) {
    const Placed *pl = g_ptr_array_index(p->placed, i);
    if (pl->frame->flow && pl->column == 0) finish_frame(p, i);
  }
  g_ptr_array_free(flows, TRUE);
  p->title = quiet_text(p, "headline");
  return p;
}

guint vl_page_n_frames(const VlPage *p) { return p->placed->len; }
const VlTemplate *vl_page_template(const VlPage *p) { return p->in.tmpl; }
const VlLang *vl_page_lang(const VlPage *p, int slot) { return p->in.langs[slot]; }
gboolean vl_page_rtl(const VlPage *p, int page) { return page_rtl(p, page); }
int vl_page_pages(const VlPage *p) { return vl_template_pages(p->in.tmpl); }

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
    char *msg = g_strdup_printf(
        "printed %.0f%% smaller than the English in the same frame, so it looks smaller than the other languages: "
        "a shorter wording would be easier to read",
        (1 - mine / ref) * 100);
    report_frame(p, pl, VL_WARNING, "shrunk", msg);
    g_free(msg);
  }
}

gboolean vl_page_is_draft(const VlPage *p) { return p->draft; }

void vl_page_draw_marks(VlPage *p, cairo_t *cr, int page) {
  cairo_save(cr);
  cairo_set_line_width(cr, 0.75);
  for (guint i = 0; i < p->placed->len; i++) {
    Placed *pl = g_ptr_array_index(p->placed, i);
    if (!pl->frame->sources->len || pl->hidden || pl->frame->page != page) continue;
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
      double excess = vl_block_excess(pl->block, text_room(p, pl));
      /* Show the overflowing part: the text's real extent below the frame. */
      double x, y;
      text_origin(p, pl, &x, &y);
      double bottom = y + vl_block_height(pl->block);
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
    if (t->pl->frame->page != page) continue;
    double box[4];
    vl_block_char_box(t->pl->block, t->para, t->index, box);
    double ox, oy;
    text_origin(p, t->pl, &ox, &oy);
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
    for (guint k = 0; k < pl->codes->len; k++) {
      Code *c = g_ptr_array_index(pl->codes, k);
      vl_qr_free(c->code);
      g_free(c);
    }
    g_ptr_array_free(pl->codes, TRUE);
    if (pl->image) cairo_surface_destroy(pl->image);
    g_free(pl);
  }
  g_ptr_array_free(p->placed, TRUE);
  g_array_free(p->tofu, TRUE);
  g_ptr_array_free(p->notices, TRUE);
  g_free(p->title);
  vl_lang_free(p->notice_lang);
  g_free(p);
}

guint vl_page_errors(const VlPage *p) { return p->errors; }
const char *vl_page_title(const VlPage *p) { return p->title; }
void vl_page_size(const VlPage *p, double *w, double *h) { *w = p->w, *h = p->h; }

double vl_page_frame_scale(const VlPage *p, guint i) {
  const Placed *pl = i < p->placed->len ? g_ptr_array_index(p->placed, i) : NULL;
  return pl && pl->block && !vl_block_empty(pl->block) ? vl_block_scale(pl->block) : 1.0;
}

/* A color as the chosen ink prints it. Grayscale keeps each color's
 * lightness, but a large fill is lightened so a cheap laser printer does
 * not lay down a slab of toner (its text turns black, see typeset). */
static void ink_color(VlInk ink, const double in[3], gboolean large, double out[3]) {
  if (ink == VL_INK_COLOR) {
    out[0] = in[0], out[1] = in[1], out[2] = in[2];
    return;
  }
  double y = 0.2126 * in[0] + 0.7152 * in[1] + 0.0722 * in[2];
  if (large) y = 1 - (1 - y) * 0.22;
  out[0] = out[1] = out[2] = y;
}

/* A gray copy of IMG (grayscale printing); caller destroys it. */
static cairo_surface_t *gray_copy(cairo_surface_t *img) {
  int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
  cairo_surface_t *g = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create(g);
  cairo_set_source_surface(cr, img, 0, 0);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_flush(g);
  unsigned char *d = cairo_image_surface_get_data(g);
  int stride = cairo_image_surface_get_stride(g);
  for (int r = 0; r < h; r++) {
    guint32 *px = (guint32 *)(d + (size_t)r * stride);
    for (int c = 0; c < w; c++) {
      guint32 v = px[c];
      guint32 a = v >> 24, red = (v >> 16) & 255, gr = (v >> 8) & 255, b = v & 255;
      guint32 y = (guint32)(0.2126 * red + 0.7152 * gr + 0.0722 * b + 0.5);
      px[c] = a << 24 | y << 16 | y << 8 | y;
    }
  }
  cairo_surface_mark_dirty(g);
  return g;
}

/* Everything of a frame but its text: fill, rule, picture and codes. */
static void draw_frame_ground(VlPage *p, cairo_t *cr, Placed *pl, const VlDrawOptions *o) {
  const VlFrame *f = pl->frame;
  double unit = vl_template_scale(p->in.tmpl);
  double rgb[3];
  if (f->has_fill && pl->column == 0 && o->ink != VL_INK_SAVER) {
    double x0 = pl->fx, y0 = pl->fy, x1 = pl->fx + pl->fw, y1 = pl->fy + pl->fh;
    if (f->fill_bleed && o->bleed > 0) {
      /* A fill that touches the margins runs on past the trim into the
       * bleed, so a cut a little off leaves no white sliver. */
      double m[4];
      vl_template_margins(p->in.tmpl, m);
      if (y0 <= m[0] + 0.5) y0 = -o->bleed;
      if (x1 >= p->w - m[1] - 0.5) x1 = p->w + o->bleed;
      if (y1 >= p->h - m[2] - 0.5) y1 = p->h + o->bleed;
      if (x0 <= m[3] + 0.5) x0 = -o->bleed;
    }
    ink_color(o->ink, f->fill, TRUE, rgb);
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
    cairo_fill(cr);
  }
  /* The ink saver prints neither fills nor bars: only text, pictures and codes. */
  if (f->has_rule && pl->column == 0 && o->ink != VL_INK_SAVER) {
    /* A bar on the side where reading starts. */
    double bw = 4 * unit;
    ink_color(o->ink, f->rule, FALSE, rgb);
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_rectangle(cr, pl->rtl ? pl->fx + pl->fw - bw : pl->fx, pl->fy, bw, pl->fh);
    cairo_fill(cr);
  }
  if (pl->image && pl->column == 0) {
    double b[4];
    image_box(pl, f->padding * unit, b);
    cairo_surface_t *img = o->ink == VL_INK_COLOR ? cairo_surface_reference(pl->image) : gray_copy(pl->image);
    cairo_save(cr);
    cairo_translate(cr, b[0], b[1]);
    cairo_scale(cr, b[2] / cairo_image_surface_get_width(img), b[3] / cairo_image_surface_get_height(img));
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
  }
}

/* The frame's QR codes. In a tagged PDF each is a Figure whose alternate
 * text (added by pdfpost) is the address it carries. */
static void draw_codes(VlPage *p, cairo_t *cr, Placed *pl, const VlDrawOptions *o) {
  static const double black[3] = {0, 0, 0};
  gboolean tag = o->tags && o->text;
  for (guint i = 0; i < pl->codes->len; i++) {
    const VlQr *code = ((Code *)g_ptr_array_index(pl->codes, i))->code;
    double b[4];
    code_box(p, pl, g_ptr_array_index(pl->codes, i), b);
    if (tag) {
      cairo_tag_begin(cr, "Figure", "");
      if (o->figure_alts) g_ptr_array_add(o->figure_alts, g_strdup(vl_qr_text(code)));
    }
    vl_qr_draw(code, cr, b[0], b[1], b[2], black, o->ink != VL_INK_SAVER, o->pixels);
    if (tag) cairo_tag_end(cr, "Figure");
  }
}

static void draw_frame_text(VlPage *p, cairo_t *cr, Placed *pl, VlEmbed *embed, const VlDrawOptions *o) {
  if (!pl->block || vl_block_empty(pl->block)) return;
  double x, y;
  text_origin(p, pl, &x, &y);
  vl_block_set_output(pl->block, o->ink != VL_INK_COLOR, o->tags && o->text, o->text);
  vl_block_draw(pl->block, cr, x, y, embed);
  draw_codes(p, cr, pl, o);
  if (pl->overflow) {
    /* Only reached with --force: show where the text runs out of its frame. */
    cairo_set_source_rgb(cr, 0.85, 0.1, 0.1);
    cairo_set_line_width(cr, 2);
    cairo_rectangle(cr, pl->x, pl->y, pl->w, pl->h);
    cairo_stroke(cr);
  }
}

void vl_page_notices(const VlPage *p, GPtrArray *lines) {
  for (guint i = 0; i < p->notices->len; i++) g_ptr_array_add(lines, g_strdup(g_ptr_array_index(p->notices, i)));
  if (p->errors && p->in.force)
    g_ptr_array_add(lines, g_strdup_printf("Printed with %u error%s (--force): run volante check before printing.",
                                           p->errors, p->errors == 1 ? "" : "s"));
}

void vl_page_draw_notices(VlPage *p, cairo_t *cr, GPtrArray *lines, double x, double y, double w, double h,
                          const VlDrawOptions *o) {
  if (!lines->len) return;
  double unit = vl_template_scale(p->in.tmpl);
  if (!p->notice_lang) p->notice_lang = vl_lang_new("en", NULL);
  VlBlock *b = vl_block_new(p->in.typesetter, p->notice_lang, w, unit);
  for (guint i = 0; i < lines->len; i++) {
    char *esc = g_markup_escape_text(g_ptr_array_index(lines, i), -1);
    /* A language's own name in the English notice is set as that language
     * (日本語 in the Japanese face, not the Chinese one Pango would guess). */
    for (int s = 0; s < 2; s++) {
      if (!p->in.langs[s] || strcmp(vl_lang_autonym(p->in.langs[s]), vl_lang_tag(p->in.langs[s])) == 0) continue;
      char *name = g_markup_escape_text(vl_lang_autonym(p->in.langs[s]), -1);
      char *at = strstr(esc, name);
      if (at) {
        char *marked = g_strdup_printf("%.*s<span lang=\"%s\">%s</span>%s", (int)(at - esc), esc,
                                       vl_lang_pango(p->in.langs[s]), name, at + strlen(name));
        g_free(esc);
        esc = marked;
      }
      g_free(name);
    }
    vl_block_add(b, esc, vl_template_notice_style(p->in.tmpl), NULL, NULL);
    g_free(esc);
  }
  vl_block_fit(b, h, 0.7);
  vl_block_set_output(b, o->ink != VL_INK_COLOR, FALSE, o->text);
  /* A screen reader says a translation is a draft too. */
  gboolean tag = o->tags && o->text;
  if (tag) cairo_tag_begin(cr, "Note", "");
  /* The language's own name may be in a CJK collection: subset it as the
   * page's text is (embed.h), or Cairo reads the whole 16 MB font into
   * memory to embed a word of it. */
  VlEmbed *embed = vl_embed_new();
  if (o->text) {
    vl_block_collect(b, embed);
    vl_embed_prepare(embed);
  }
  vl_block_draw(b, cr, x, y + (h - vl_block_height(b)) / 2, embed);
  vl_embed_free(embed);
  if (tag) cairo_tag_end(cr, "Note");
  vl_block_free(b);
}

void vl_page_draw_page(VlPage *p, cairo_t *cr, int page, const VlDrawOptions *o) {
  /* The ink saver leaves the paper as it is, not even painted white. */
  if (o->ink != VL_INK_SAVER) {
    double rgb[3];
    ink_color(o->ink, vl_template_background(p->in.tmpl), TRUE, rgb);
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_rectangle(cr, -o->bleed, -o->bleed, p->w + 2 * o->bleed, p->h + 2 * o->bleed);
    cairo_fill(cr);
  }
  /* Subset the large fonts once for the whole page before drawing (embed.h). */
  /* Only a PDF embeds fonts; pictures and screens draw glyphs as they are. */
  VlEmbed *embed = vl_embed_new();
  if (o->text) {
    for (guint i = 0; i < p->placed->len; i++) {
      Placed *pl = g_ptr_array_index(p->placed, i);
      if (pl->block && pl->frame->page == page && !pl->hidden) vl_block_collect(pl->block, embed);
    }
    vl_embed_prepare(embed);
  }
  for (guint i = 0; i < p->placed->len; i++) {
    Placed *pl = g_ptr_array_index(p->placed, i);
    if (pl->frame->page == page && !pl->hidden) draw_frame_ground(p, cr, pl, o);
  }
  /* Text goes language by language, so that a tagged PDF reads one language
   * to the end before the other, each part marked with its own language. */
  for (int s = 0; s < vl_template_slots(p->in.tmpl); s++) {
    gboolean any = FALSE;
    for (guint i = 0; i < p->placed->len && !any; i++) {
      Placed *pl = g_ptr_array_index(p->placed, i);
      any = pl->frame->page == page && pl->frame->slot == s && !pl->hidden && pl->block && !vl_block_empty(pl->block);
    }
    if (!any) continue;
    gboolean tag = o->tags && o->text;
    if (tag) {
      cairo_tag_begin(cr, "Sect", "");
      if (o->sect_langs) g_ptr_array_add(o->sect_langs, g_strdup(vl_lang_tag(p->in.langs[s])));
    }
    for (guint i = 0; i < p->placed->len; i++) {
      Placed *pl = g_ptr_array_index(p->placed, i);
      if (pl->frame->page == page && pl->frame->slot == s && !pl->hidden) draw_frame_text(p, cr, pl, embed, o);
    }
    if (tag) cairo_tag_end(cr, "Sect");
  }
  vl_embed_free(embed);

  /* Notices (drafts, English standing in, errors printed with --force) go in
   * the bottom margin, in English, so organizers never mistake a draft for a
   * reviewed translation. */
  if (o->no_notices) return;
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  vl_page_notices(p, lines);
  double m[4];
  vl_template_margins(p->in.tmpl, m);
  /* Above the strip along the edge that office printers cannot reach and a
   * shop's cut may wander into, unless the margin leaves no room at all. */
  double room = m[2] - VL_PIECE_EDGE >= 8 ? m[2] - VL_PIECE_EDGE : m[2];
  vl_page_draw_notices(p, cr, lines, m[3], p->h - m[2], p->w - m[1] - m[3], room, o);
  g_ptr_array_free(lines, TRUE);
}

void vl_page_draw(VlPage *p, cairo_t *cr) {
  VlDrawOptions o = {0};
  o.pixels = TRUE;
  vl_page_draw_page(p, cr, 0, &o);
}

void vl_page_each_text(VlPage *p, VlPageTextFn fn, void *data) {
  for (guint i = 0; i < p->placed->len; i++) {
    Placed *pl = g_ptr_array_index(p->placed, i);
    if (pl->hidden || !pl->block) continue;
    double x, y;
    text_origin(p, pl, &x, &y);
    for (guint k = 0; k < pl->keys->len; k++) {
      VlPageText t = {g_ptr_array_index(pl->keys, k),
                      pl->frame,
                      pl->frame->page,
                      pl->frame->slot,
                      {pl->x, pl->y, pl->w, pl->h},
                      text_room(p, pl),
                      pl->keys->len,
                      pl->block,
                      k};
      t.para_box[0] = x, t.para_box[1] = y + vl_block_para_top(pl->block, k);
      t.para_box[2] = vl_block_width(pl->block), t.para_box[3] = vl_block_para_height(pl->block, k);
      fn(&t, data);
    }
  }
}
