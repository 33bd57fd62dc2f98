#include "show.h"

#include <string.h>

#include "catalog.h"
#include "content.h"
#include "fonts.h"
#include "lint.h"
#include "page.h"
#include "pseudo.h"
#include "template.h"
#include "typeset.h"

typedef struct {
  const char *kind; /* "title", "event", "fact", "ally" */
  char *section;    /* NULL for the title */
} Slide;

struct VlShow {
  VlContent *content;
  VlEvent *event; /* the content's [event], or NULL */
  VlFonts *fonts;
  VlTypesetter *ts;
  VlTemplate *tmpl;
  GPtrArray *langs;    /* VlLang* */
  VlLang *source;      /* the content's own language, for English where a translation is missing */
  GPtrArray *catalogs; /* VlCatalog* or NULL for the source language */
  GPtrArray *clean_po; /* char*: the PO file language i was read from without error, or NULL */
  GArray *slides;      /* Slide */
  VlPage **pages;      /* [lang * slides + slide], composed on first use */
  VlDiag *diag;        /* owned: the pages composed report into it for as long as the show lives */
  int w, h;
};

static void add_group(VlShow *s, const char *kind, const char *prefix) {
  char **sections = vl_content_group(s->content, prefix);
  for (int i = 0; sections[i]; i++) {
    Slide sl = {kind, g_strdup(sections[i])};
    g_array_append_val(s->slides, sl);
  }
  g_strfreev(sections);
}

typedef struct {
  char *message;
  const char *kind;
} FirstError;

static void first_error(VlSeverity sev, const char *kind, const char *message, void *data) {
  FirstError *fe = data;
  if (sev == VL_ERROR && !fe->message) fe->message = g_strdup(message), fe->kind = kind;
}

/* A translation check that would stop the print (broken markup, say) would
 * show as raw tags on a screen in a lobby: such a translation is not shown.
 * FALSE with *err = "PO:LINE: key: why" for the first entry that fails. */
static gboolean catalog_showable(const VlShow *s, const char *lang, const VlCatalog *cat, const char **kind,
                                 GError **err) {
  GPtrArray *items = vl_content_items(s->content);
  for (guint k = 0; k < items->len; k++) {
    const VlItem *it = g_ptr_array_index(items, k);
    const VlEntry *e = it->translatable ? vl_catalog_lookup(cat, it->key) : NULL;
    FirstError fe = {NULL, NULL};
    if (e && *e->msgstr) vl_lint_entry(lang, it->text, e->msgstr, first_error, &fe);
    if (fe.message) {
      *kind = fe.kind;
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: %s: %s", vl_catalog_path(cat), e->line, it->key,
                  fe.message);
      g_free(fe.message);
      return FALSE;
    }
  }
  return TRUE;
}

/* The catalog LAST showed for LANG, or NULL. */
static VlCatalog *last_catalog(const VlShow *last, const char *lang) {
  int i = last ? vl_show_lang_index(last, lang) : -1;
  return i >= 0 ? g_ptr_array_index(last->catalogs, i) : NULL;
}

/* The last good copy KEPT/TAG.po of a translation (lastgood.h), when there
 * is one and it still loads and shows cleanly; else NULL. */
static VlCatalog *kept_catalog(const VlShow *s, const char *kept, const char *tag) {
  char *name = g_strconcat(tag, ".po", NULL), *path = kept ? g_build_filename(kept, name, NULL) : NULL;
  const char *kind;
  VlCatalog *cat = path && g_file_test(path, G_FILE_TEST_IS_REGULAR) ? vl_catalog_load(path, NULL) : NULL;
  if (cat && !catalog_showable(s, tag, cat, &kind, NULL)) g_clear_pointer(&cat, vl_catalog_free);
  g_free(path);
  g_free(name);
  return cat;
}

/* Adds language TAG to the show. One broken translation never takes the
 * others down: a language whose PO file cannot be read or would show broken
 * is reported in s->diag (file:line) and left out, or, when LAST showed it,
 * shown as LAST had it, or else from its last good copy in KEPT. */
static void add_lang(VlShow *s, const char *tag, const VlShow *last, const char *kept) {
  GError *e = NULL;
  VlLang *l = vl_lang_new(tag, &e);
  char *po = vl_content_po_path(s->content, tag);
  VlCatalog *cat = NULL;
  const char *kind = l ? "syntax" : "language";
  gboolean from_po = FALSE;
  if (l && vl_pseudo_is(tag)) {
    cat = vl_pseudo_catalog(s->content, tag);
  } else if (l && strcmp(tag, vl_content_source_lang(s->content)) != 0) {
    cat = vl_catalog_load(po, &e);
    if (cat && !catalog_showable(s, tag, cat, &kind, &e)) g_clear_pointer(&cat, vl_catalog_free);
    from_po = cat != NULL;
  }
  if (e) {
    VlCatalog *prev = l ? last_catalog(last, tag) : NULL;
    cat = prev ? vl_catalog_ref(prev) : l ? kept_catalog(s, kept, tag) : NULL;
    char *how = prev  ? g_strdup("showing the last good translation")
                : cat ? g_strdup_printf("showing the last good copy of %s", tag)
                      : g_strdup("left out of the show");
    GError *why = g_error_new(e->domain, e->code, "%s (%s)", e->message, how);
    vl_diag_add_error(s->diag, kind, tag, "", po, why);
    g_error_free(why);
    g_error_free(e);
    g_free(how);
    if (!cat) g_clear_pointer(&l, vl_lang_free);
  }
  if (!l) {
    g_free(po);
    return;
  }
  g_ptr_array_add(s->langs, l);
  g_ptr_array_add(s->catalogs, cat);
  g_ptr_array_add(s->clean_po, from_po ? po : NULL);
  if (!from_po) g_free(po);
}

VlShow *vl_show_load(const char *content_dir, const char *layouts_dir, const char *fonts_dir, char **langs, int w,
                     int h, const VlShow *last, GError **err) {
  return vl_show_load_kept(content_dir, layouts_dir, fonts_dir, langs, w, h, last, NULL, err);
}

VlShow *vl_show_load_kept(const char *content_dir, const char *layouts_dir, const char *fonts_dir, char **langs, int w,
                          int h, const VlShow *last, const char *kept, GError **err) {
  VlShow *s = g_new0(VlShow, 1);
  s->diag = vl_diag_new();
  s->w = w, s->h = h;
  s->langs = g_ptr_array_new_with_free_func((GDestroyNotify)vl_lang_free);
  s->catalogs = g_ptr_array_new_with_free_func((GDestroyNotify)vl_catalog_free);
  s->clean_po = g_ptr_array_new_with_free_func(g_free);
  s->slides = g_array_new(FALSE, TRUE, sizeof(Slide));
  s->content = vl_content_load(content_dir, err);
  if (!s->content) goto fail;
  /* The screen's shape picks the layout; --size re-flows it. */
  char *path = g_build_filename(layouts_dir, "kiosk", w >= h ? "landscape.ini" : "portrait.ini", NULL);
  s->tmpl = vl_template_load(path, w >= h ? "kiosk-landscape" : "kiosk-portrait", err);
  g_free(path);
  if (!s->tmpl) goto fail;
  vl_template_set_size(s->tmpl, w, h);
  /* The fonts do not change while the kiosk runs: keep the last show's. */
  s->fonts = last && last->fonts ? vl_fonts_ref(last->fonts) : vl_fonts_new(fonts_dir, err);
  if (!s->fonts) goto fail;
  s->ts = vl_typesetter_new(s->fonts);
  s->source = vl_lang_new(vl_content_source_lang(s->content), NULL);
  char **want = langs ? langs : vl_content_langs(s->content);
  for (int i = 0; want[i]; i++) {
    char *tag = vl_lang_canonical(want[i], NULL); /* --lang pt_BR is pt-BR */
    if (!tag || (!g_strv_contains((const char *const *)vl_content_langs(s->content), tag) && !vl_pseudo_is(tag))) {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "unknown language '%s'", want[i]);
      g_free(tag);
      goto fail;
    }
    add_lang(s, tag, last, kept);
    g_free(tag);
  }
  if (!langs) vl_content_report_po(s->content, s->diag, NULL); /* a PO file that is no language: logged */
  if (!s->langs->len) {
    const VlProblem *p = vl_diag_len(s->diag) ? vl_diag_get(s->diag, 0) : NULL;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: %s (no language left to show)", p ? p->file : "",
                p ? p->line : 0, p ? p->message : "no languages");
    goto fail;
  }
  Slide title = {"title", NULL};
  g_array_append_val(s->slides, title);
  /* The organizers' own event, right after the title, when its dates can be
   * read (a mistake in them is logged with its line, like a broken PO file). */
  s->event = vl_event_load(s->content, s->diag);
  if (vl_event_ok(s->event)) {
    Slide ev = {"event", g_strdup("event")};
    g_array_append_val(s->slides, ev);
  }
  add_group(s, "fact", "fact");
  add_group(s, "ally", "ally");
  s->pages = g_new0(VlPage *, s->langs->len * s->slides->len);
  return s;
fail:
  vl_show_free(s);
  return NULL;
}

void vl_show_free(VlShow *s) {
  if (!s) return;
  for (guint i = 0; s->pages && i < s->langs->len * s->slides->len; i++) vl_page_free(s->pages[i]);
  g_free(s->pages);
  for (guint i = 0; i < s->slides->len; i++) g_free(g_array_index(s->slides, Slide, i).section);
  g_array_free(s->slides, TRUE);
  g_ptr_array_free(s->catalogs, TRUE);
  g_ptr_array_free(s->clean_po, TRUE);
  g_ptr_array_free(s->langs, TRUE);
  vl_lang_free(s->source);
  vl_typesetter_free(s->ts);
  vl_fonts_free(s->fonts);
  vl_template_free(s->tmpl);
  vl_event_free(s->event);
  vl_content_free(s->content);
  vl_diag_free(s->diag);
  g_free(s);
}

guint vl_show_slides(const VlShow *s) { return s->slides->len; }
VlDiag *vl_show_diag(const VlShow *s) { return s->diag; }
guint vl_show_langs(const VlShow *s) { return s->langs->len; }
const VlLang *vl_show_lang(const VlShow *s, guint i) { return g_ptr_array_index(s->langs, i); }
const char *vl_show_lang_po(const VlShow *s, guint i) { return g_ptr_array_index(s->clean_po, i); }

int vl_show_lang_index(const VlShow *s, const char *tag) {
  for (guint i = 0; i < s->langs->len; i++)
    if (!strcmp(vl_lang_tag(g_ptr_array_index(s->langs, i)), tag)) return (int)i;
  return -1;
}

static VlBox frame_box(const VlShow *s, const char *name) {
  VlBox b = {0, 0, 0, 0};
  const VlFrame *f = vl_template_frame(s->tmpl, name);
  if (!f) return b;
  double m[4];
  vl_template_margins(s->tmpl, m);
  double aw = s->w - m[1] - m[3], ah = s->h - m[0] - m[2];
  b.x = m[3] + f->x * aw, b.y = m[0] + f->y * ah, b.w = f->w * aw, b.h = f->h * ah;
  return b;
}

VlBox vl_show_bar(const VlShow *s) { return frame_box(s, "bar"); }
VlBox vl_show_progress(const VlShow *s) { return frame_box(s, "progress"); }
VlBox vl_show_touch_box(const VlShow *s) { return frame_box(s, "touch"); }

/* The kiosk's own text KEY in language LANG: its translation when there is
 * one the screen can show (drafts included, as on the slides), else the
 * English, never a guess. NULL when the content has no such text. */
static const char *kiosk_text(const VlShow *s, guint lang, const char *key, const VlLang **in) {
  const VlItem *it = key ? vl_content_item(s->content, key) : NULL;
  if (!it || !*it->text) return NULL;
  const VlLang *l = g_ptr_array_index(s->langs, lang);
  const VlCatalog *cat = g_ptr_array_index(s->catalogs, lang);
  const VlEntry *e = cat ? vl_catalog_lookup(cat, key) : NULL;
  gboolean usable = e && !e->plural && *e->msgstr && !vl_entry_stale(e, it->text) &&
                    !vl_lint_errors(vl_lang_tag(l), it->text, e->msgstr);
  *in = usable || !cat ? l : s->source;
  return usable ? e->msgstr : it->text;
}

/* The content key of the kiosk layout's frame "touch", or NULL. */
static const char *touch_key(const VlShow *s) {
  const VlFrame *f = vl_template_frame(s->tmpl, "touch");
  return f && f->sources && f->sources->len ? ((const VlSource *)g_ptr_array_index(f->sources, 0))->key : NULL;
}

const char *vl_show_touch_text(const VlShow *s, guint lang, const char **in) {
  const VlLang *l = NULL;
  const char *text = kiosk_text(s, lang, touch_key(s), &l);
  if (in) *in = text && l ? vl_lang_tag(l) : NULL;
  return text && l ? text : NULL;
}

void vl_show_touch(VlShow *s, cairo_t *cr, guint lang, VlBox box) {
  const VlLang *l = NULL;
  const char *text = kiosk_text(s, lang, touch_key(s), &l);
  const VlFrame *f = vl_template_frame(s->tmpl, "touch");
  if (!text || !l || !f || !f->style) return;
  VlBlock *b = vl_block_new(s->ts, l, box.w, vl_template_scale(s->tmpl));
  if (vl_block_add(b, text, f->style, NULL, NULL)) {
    vl_block_fit(b, box.h, f->style->size_min / f->style->size);
    vl_block_draw(b, cr, box.x, box.y + (box.h - vl_block_height(b)) / 2, NULL);
  }
  vl_block_free(b);
}

double vl_show_notice(VlShow *s, cairo_t *cr, const char *text, const double color[3], VlBox box) {
  double scale = vl_template_scale(s->tmpl), fit = 0;
  if (!text || !*text || box.w < 1 || box.h < 1 || scale <= 0) return 0;
  VlStyle st = *vl_template_notice_style(s->tmpl);
  /* One line at 45% of the strip's height; a longer text wraps and the
   * block shrinks until it fits the strip. */
  st.size = box.h * 0.45 / scale, st.size_min = st.size * 0.45;
  st.weight = 700, st.italic = FALSE, st.align = VL_ALIGN_CENTER, st.space_after = 0, st.line_spacing = 0;
  st.balance = TRUE;
  for (int i = 0; i < 3; i++) st.color[i] = color[i];
  double pad = box.h * 0.4;
  VlBlock *b = vl_block_new(s->ts, s->source, box.w - 2 * pad, scale);
  char *esc = g_markup_escape_text(text, -1);
  if (vl_block_add(b, esc, &st, NULL, NULL)) {
    vl_block_fit(b, box.h * 0.92, st.size_min / st.size);
    fit = vl_block_scale(b);
    vl_block_draw(b, cr, box.x + pad, box.y + (box.h - vl_block_height(b)) / 2, NULL);
  }
  g_free(esc);
  vl_block_free(b);
  return fit;
}

static VlPage *page_for(VlShow *s, guint lang, guint slide) {
  VlPage **slot = &s->pages[lang * s->slides->len + slide];
  if (*slot) return *slot;
  const Slide *sl = &g_array_index(s->slides, Slide, slide);
  VlPageInput in = {0};
  in.typesetter = s->ts;
  in.tmpl = s->tmpl;
  in.content = s->content;
  in.event = s->event;
  in.langs[0] = in.langs[1] = g_ptr_array_index(s->langs, lang);
  in.catalogs[0] = in.catalogs[1] = g_ptr_array_index(s->catalogs, lang);
  /* A kiosk shows whatever it has: problems are logged, never a blank screen. */
  in.force = TRUE;
  in.diag = s->diag;
  in.slide_kind = sl->kind;
  in.slide_section = sl->section;
  *slot = vl_page_compose(&in);
  return *slot;
}

void vl_show_draw(VlShow *s, guint lang, guint slide, cairo_t *cr) { vl_page_draw(page_for(s, lang, slide), cr); }

gboolean vl_show_prepare(VlShow *s, guint lang, guint slide) {
  if (s->pages[lang * s->slides->len + slide]) return FALSE;
  page_for(s, lang, slide);
  return TRUE;
}

void vl_show_clear(cairo_surface_t *img) {
  cairo_surface_flush(img);
  memset(cairo_image_surface_get_data(img), 0,
         (size_t)cairo_image_surface_get_stride(img) * (size_t)cairo_image_surface_get_height(img));
  cairo_surface_mark_dirty(img);
}

void vl_show_render_into(VlShow *s, guint lang, guint slide, cairo_surface_t *img) {
  vl_show_clear(img);
  cairo_t *cr = cairo_create(img);
  vl_show_draw(s, lang, slide, cr);
  cairo_destroy(cr);
}

void vl_show_label(VlShow *s, cairo_t *cr, guint lang, const char *label, VlBox box, gboolean selected) {
  const VlFrame *bar = vl_template_frame(s->tmpl, "bar");
  VlStyle st = *(bar && bar->style ? bar->style : vl_template_notice_style(s->tmpl));
  if (selected) st.color[0] = st.color[1] = st.color[2] = 1.0, st.weight = 700;
  VlBlock *b = vl_block_new(s->ts, g_ptr_array_index(s->langs, lang), box.w - 8, vl_template_scale(s->tmpl));
  char *esc = g_markup_escape_text(label, -1);
  vl_block_add(b, esc, &st, NULL, NULL);
  g_free(esc);
  vl_block_fit(b, box.h - 4, st.size_min / st.size);
  vl_block_draw(b, cr, box.x + 4, box.y + (box.h - vl_block_height(b)) / 2, NULL);
  vl_block_free(b);
}
