#include "room.h"

#include <pango/pango.h>
#include <string.h>

#include "diag.h"
#include "lang.h"
#include "page.h"
#include "run.h"
#include "typeset.h"

typedef struct {
  VlSpot spot;
  char *layout, *frame, *slide, *section; /* owned copies behind spot's pointers */
} Spot;

struct VlRoom {
  const VlContent *content;
  GPtrArray *templates; /* VlTemplate*, owned */
  GHashTable *spots;    /* key -> GPtrArray of Spot* */
  VlTypesetter *ts;
  VlLang *lang;
  gboolean measure;
};

static void spot_free(gpointer p) {
  Spot *s = p;
  g_free(s->layout);
  g_free(s->frame);
  g_free(s->slide);
  g_free(s->section);
  g_free(s);
}

/* The source text of KEY as plain text, for filling frames while measuring. */
static char *plain_text(const VlContent *c, const char *key) {
  const VlItem *it = vl_content_item(c, key);
  char *text = NULL;
  if (!it || !pango_parse_markup(it->text, -1, 0, NULL, &text, NULL, NULL)) return g_strdup("");
  return text;
}

/* The first N characters of TEXT said over and over, as markup. */
static char *probe(const char *text, int n) {
  GString *s = g_string_new(NULL);
  long len = g_utf8_strlen(text, -1);
  for (int have = 0; have < n;) {
    int take = (int)MIN((long)(n - have), len);
    const char *end = g_utf8_offset_to_pointer(text, take);
    char *esc = g_markup_escape_text(text, (gssize)(end - text));
    g_string_append(s, esc);
    g_free(esc);
    have += take;
    if (have < n) g_string_append_c(s, ' '), have++;
  }
  return g_string_free(s, FALSE);
}

static gboolean fits(const VlPageText *t, const char *text, int n, double scale) {
  char *m = probe(text, n);
  gboolean ok = vl_block_set_text(t->block, t->para, m, NULL);
  g_free(m);
  if (!ok) return FALSE;
  vl_block_set_scale(t->block, scale);
  return vl_block_height(t->block) <= t->room + 0.01 && !vl_block_too_wide(t->block);
}

/* Most characters of TEXT that fit the frame of T at SCALE: doubling, then
 * halving the step, to within 2% (the figures are given as "about"). */
static int most_that_fit(const VlPageText *t, const char *text, double scale) {
  const int cap = 20000;
  if (!fits(t, text, 1, scale)) return 0;
  int lo = 1, hi = MAX(16, (int)g_utf8_strlen(text, -1));
  while (hi < cap && fits(t, text, hi, scale)) lo = hi, hi *= 2;
  if (hi >= cap) return lo;
  while (hi - lo > MAX(1, lo / 50)) {
    int mid = lo + (hi - lo) / 2;
    if (fits(t, text, mid, scale))
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

typedef struct {
  VlRoom *room;
  const VlTemplate *tmpl;
  const char *slide, *section;
} Visit;

static void on_text(const VlPageText *t, void *data) {
  Visit *v = data;
  VlRoom *r = v->room;
  const VlItem *item = vl_content_item(r->content, t->key);
  /* Two-language layouts: the translation's side. Contact fields are never translated. */
  if (t->slot != 0 || !item || !item->translatable) return;
  GPtrArray *list = g_hash_table_lookup(r->spots, t->key);
  for (guint i = 0; list && i < list->len; i++) {
    Spot *o = g_ptr_array_index(list, i);
    if (!strcmp(o->layout, vl_template_name(v->tmpl)) && !strcmp(o->frame, t->frame->name)) return;
  }
  if (!list) {
    list = g_ptr_array_new_with_free_func(spot_free);
    g_hash_table_insert(r->spots, g_strdup(t->key), list);
  }
  Spot *s = g_new0(Spot, 1);
  s->layout = g_strdup(vl_template_name(v->tmpl));
  s->frame = g_strdup(t->frame->name);
  s->slide = g_strdup(v->slide);
  s->section = g_strdup(v->section);
  s->spot = (VlSpot){s->layout, s->frame, s->slide,     s->section,
                     v->tmpl,   t->page,  t->texts - 1, v->slide || vl_template_default_set(v->tmpl),
                     -1,        -1};
  g_ptr_array_add(list, s);
  if (!r->measure) return;
  char *text = plain_text(r->content, t->key);
  if (*text) {
    const VlStyle *st = t->frame->style;
    s->spot.full = most_that_fit(t, text, 1.0);
    s->spot.smallest = most_that_fit(t, text, st->size > 0 ? st->size_min / st->size : 1.0);
    vl_block_set_text(t->block, t->para, item->text, NULL); /* the source back, for the frame's next text */
  }
  g_free(text);
}

static void visit(VlRoom *r, const VlTemplate *t, const char *slide, const char *section) {
  VlDiag *quiet = vl_diag_new();
  VlPageInput in = {0};
  in.typesetter = r->ts;
  in.tmpl = t;
  in.content = r->content;
  in.langs[0] = in.langs[1] = r->lang;
  in.force = TRUE;
  in.slide_kind = slide;
  in.slide_section = section;
  in.diag = quiet;
  VlPage *page = vl_page_compose(&in);
  Visit v = {r, t, slide, section};
  vl_page_each_text(page, on_text, &v);
  vl_page_free(page);
  vl_diag_free(quiet);
}

static VlTemplate *load(const char *path, const char *name, GPtrArray *skipped) {
  GError *e = NULL;
  VlTemplate *t = vl_template_load(path, name, &e);
  if (!t && skipped) g_ptr_array_add(skipped, g_strdup(e->message));
  if (e) g_error_free(e);
  return t;
}

/* Print layouts by the default set first (one language before two), then
 * the ones made only when named, then the kiosk. */
static int rank(const VlSpot *s) {
  if (s->slide) return 3;
  if (!s->default_set) return 2;
  return vl_template_slots(s->tmpl) == 1 ? 0 : 1;
}

static int spot_order(gconstpointer a, gconstpointer b) {
  const VlSpot *x = &(*(Spot *const *)a)->spot, *y = &(*(Spot *const *)b)->spot;
  int c = rank(x) - rank(y);
  return c ? c : strcmp(x->layout, y->layout);
}

VlRoom *vl_room_new(const VlContent *c, const char *layouts_dir, VlFonts *fonts, gboolean measure, GPtrArray *skipped) {
  VlRoom *r = g_new0(VlRoom, 1);
  r->content = c;
  r->measure = measure;
  r->templates = g_ptr_array_new_with_free_func((GDestroyNotify)vl_template_free);
  r->spots = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  r->ts = vl_typesetter_new(fonts);
  r->lang = vl_lang_new(vl_content_source_lang(c), NULL);
  if (!r->lang) r->lang = vl_lang_new("en", NULL);
  char **names = vl_layout_names(layouts_dir);
  for (int i = 0; names[i]; i++) {
    char *base = g_strconcat(names[i], ".ini", NULL);
    char *path = g_build_filename(layouts_dir, base, NULL);
    VlTemplate *t = load(path, names[i], skipped);
    if (t) {
      g_ptr_array_add(r->templates, t);
      visit(r, t, NULL, NULL);
    }
    g_free(path);
    g_free(base);
  }
  g_strfreev(names);
  /* The kiosk's slides, as show.c makes them: a title, one per fact, one per ally. */
  static const char *const kiosk[][2] = {{"landscape.ini", "kiosk-landscape"}, {"portrait.ini", "kiosk-portrait"}};
  for (size_t k = 0; k < G_N_ELEMENTS(kiosk); k++) {
    char *path = g_build_filename(layouts_dir, "kiosk", kiosk[k][0], NULL);
    VlTemplate *t = g_file_test(path, G_FILE_TEST_EXISTS) ? load(path, kiosk[k][1], skipped) : NULL;
    g_free(path);
    if (!t) continue;
    g_ptr_array_add(r->templates, t);
    visit(r, t, "title", NULL);
    visit(r, t, "attract", NULL); /* the line the kiosk draws over the slides while nobody uses it */
    static const char *const groups[] = {"fact", "ally"};
    for (size_t g = 0; g < G_N_ELEMENTS(groups); g++) {
      char **sections = vl_content_group(c, groups[g]);
      for (int s = 0; sections[s]; s++) visit(r, t, groups[g], sections[s]);
      g_strfreev(sections);
    }
  }
  GHashTableIter it;
  gpointer list;
  g_hash_table_iter_init(&it, r->spots);
  while (g_hash_table_iter_next(&it, NULL, &list)) g_ptr_array_sort(list, spot_order);
  return r;
}

void vl_room_free(VlRoom *r) {
  if (!r) return;
  g_hash_table_destroy(r->spots);
  vl_typesetter_free(r->ts);
  vl_lang_free(r->lang);
  g_ptr_array_free(r->templates, TRUE);
  g_free(r);
}

GPtrArray *vl_room_spots(const VlRoom *r, const char *key) { return g_hash_table_lookup(r->spots, key); }
