#include "pot.h"

#include <stdarg.h>
#include <string.h>

#include "util.h"

static void po_quote(GString *s, const char *text) {
  g_string_append_c(s, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_printf(s, "\\%c", *p);
    else if (*p == '\n')
      g_string_append(s, "\\n");
    else
      g_string_append_c(s, *p);
  }
  g_string_append_c(s, '"');
}

/* "about 60": exact under 20, then to the nearest 5, then 10. */
static int about(int n) {
  if (n < 20) return n;
  if (n < 100) return (n + 2) / 5 * 5;
  return (n + 5) / 10 * 10;
}

static void note(GString *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void note(GString *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *line = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  /* An extracted comment is one line: a note must not end it early. */
  g_strdelimit(line, "\n\r", ' ');
  g_string_append_printf(s, "#. %s\n", line);
  g_free(line);
}

/* One line per place the text prints, with its room there. */
static void where_notes(GString *s, GPtrArray *spots) {
  for (guint i = 0; i < spots->len; i++) {
    const VlSpot *sp = g_ptr_array_index(spots, i);
    GString *at = g_string_new(sp->layout);
    if (sp->slide) g_string_append_printf(at, ", %s slide", sp->slide);
    g_string_append_printf(at, ", frame \"%s\"", sp->frame);
    if (sp->page > 0) g_string_append_printf(at, " on page %d", sp->page + 1);
    if (sp->shared) g_string_append_printf(at, " (with %u other text%s)", sp->shared, sp->shared == 1 ? "" : "s");
    if (sp->full > 0)
      note(s, "%s: fits about %d characters at full size, %d at the smallest size", at->str, about(sp->full),
           about(sp->smallest));
    else if (sp->smallest > 0)
      note(s, "%s: the frame is full at full size already; fits about %d characters at the smallest size", at->str,
           about(sp->smallest));
    else if (sp->smallest == 0)
      note(s, "%s: the frame is full even at the smallest size", at->str);
    else
      note(s, "%s", at->str);
    g_string_free(at, TRUE);
  }
}

/* What each Pango tag does, to say why it must stay. */
static const char *tag_effect(const char *tag) {
  static const char *const effects[][2] = {{"b", "bold"},        {"i", "italic"},        {"u", "underlined"},
                                           {"s", "struck out"},  {"big", "larger"},      {"small", "smaller"},
                                           {"sub", "subscript"}, {"sup", "superscript"}, {"tt", "monospace"}};
  for (size_t i = 0; i < G_N_ELEMENTS(effects); i++)
    if (!strcmp(effects[i][0], tag)) return effects[i][1];
  return "styled";
}

static void markup_notes(GString *s, const char *text) {
  GPtrArray *tags = g_ptr_array_new_with_free_func(g_free);
  GPtrArray *holders = g_ptr_array_new_with_free_func(g_free);
  for (const char *p = text; *p; p++) {
    if (*p == '<' && g_ascii_isalpha(p[1])) {
      const char *e = p + 1;
      while (g_ascii_isalnum(*e)) e++;
      char *t = g_strndup(p + 1, (gsize)(e - p - 1));
      gboolean seen = FALSE;
      for (guint i = 0; i < tags->len; i++) seen |= !strcmp(g_ptr_array_index(tags, i), t);
      if (seen)
        g_free(t);
      else
        g_ptr_array_add(tags, t);
    } else if (*p == '{') {
      const char *e = p + 1;
      while (g_ascii_isalnum(*e) || *e == '_' || *e == '-' || *e == '.') e++;
      if (*e == '}' && e > p + 1) g_ptr_array_add(holders, g_strndup(p, (gsize)(e - p + 1)));
    }
  }
  if (tags->len) {
    GString *list = g_string_new(NULL);
    for (guint i = 0; i < tags->len; i++) {
      const char *t = g_ptr_array_index(tags, i);
      g_string_append_printf(list, "%s<%s>…</%s> (%s)", i ? ", " : "", t, t, tag_effect(t));
    }
    note(s, "Keep the tags %s around the words they mark; they may move with the words.", list->str);
    g_string_free(list, TRUE);
  }
  for (guint i = 0; i < holders->len; i++)
    note(s, "Keep %s exactly as written: volante fills it in.", (char *)g_ptr_array_index(holders, i));
  g_ptr_array_free(tags, TRUE);
  g_ptr_array_free(holders, TRUE);
}

static void name_note(GString *s, const VlItem *it) {
  if (!it->rule && strcmp(it->field, "name") != 0) return;
  if (!it->rule)
    note(s,
         "A name: keep it as the organization writes it; in a script other than Latin you may write how it "
         "sounds. Translate it only if the organization uses a name in your language.");
  else if (!strcmp(it->rule, "keep"))
    note(s, "A name: keep it exactly as written, in every language and script (the organizers ask for this).");
  else if (!strcmp(it->rule, "transliterate"))
    note(s, "A name: write how it sounds in your script; do not translate its meaning (the organizers ask for this).");
  else
    note(s, "A name: translate its meaning into your language (the organizers ask for this).");
}

/* Weblate reads a flag max-length:N and warns when a translation is longer.
 * Only for a text alone in every frame it prints in: where it shares a frame,
 * its room depends on the other texts, and no one figure is right. gettext's
 * tools leave flags they do not know alone (msgfmt -c stays clean) but do not
 * copy them: msginit and msgmerge drop them from the PO files. */
static int max_length(GPtrArray *spots) {
  int m = -1;
  for (guint i = 0; spots && i < spots->len; i++) {
    const VlSpot *sp = g_ptr_array_index(spots, i);
    if (sp->shared || sp->smallest <= 0) return -1;
    if (m < 0 || sp->smallest < m) m = sp->smallest;
  }
  return m;
}

static char *header(const VlContent *c) {
  GDateTime *dt = vl_source_time();
  if (!dt) dt = g_date_time_new_now_utc();
  char *date = g_date_time_format(dt, "%Y-%m-%d %H:%M+0000");
  g_date_time_unref(dt);
  const char *title = vl_content_meta(c, "title");
  GString *s = g_string_new(NULL);
  g_string_append_printf(s,
                         "# Translation template for volante%s%s%s.\n"
                         "# Start a language with: msginit -l LOCALE -i volante.pot -o LANG.po\n"
                         "# The notes (#.) of each entry say where the text prints and how much room it has,\n"
                         "# measured in the real layouts: in characters as wide as the English, with the frame's\n"
                         "# other texts as long as the English. Chinese, Japanese and Korean characters take\n"
                         "# about twice the room. `volante context --out DIR` makes the picture a note names.\n"
                         "#\n"
                         "#, fuzzy\n",
                         *title ? ": \"" : "", title, *title ? "\"" : "");
  g_string_append(s,
                  "msgid \"\"\n"
                  "msgstr \"\"\n"
                  "\"Project-Id-Version: volante\\n\"\n"
                  "\"Report-Msgid-Bugs-To: \\n\"\n");
  g_string_append_printf(s, "\"POT-Creation-Date: %s\\n\"\n", date);
  g_string_append(s,
                  "\"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n\"\n"
                  "\"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n\"\n"
                  "\"Language-Team: LANGUAGE <LL@li.org>\\n\"\n"
                  "\"Language: \\n\"\n"
                  "\"MIME-Version: 1.0\\n\"\n"
                  "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                  "\"Content-Transfer-Encoding: 8bit\\n\"\n");
  /* No Plural-Forms: like xgettext, only a template with plural entries
   * has one. msginit writes the language's own (and Language) either way. */
  g_free(date);
  return g_string_free(s, FALSE);
}

int vl_pot_write(const VlContent *c, const VlRoom *room, GError **err) {
  char *head = header(c);
  GString *s = g_string_new(head);
  g_free(head);
  int n = 0;
  char *base = g_path_get_basename(vl_content_path(c));
  GPtrArray *items = vl_content_items(c);
  for (guint i = 0; i < items->len; i++) {
    const VlItem *it = g_ptr_array_index(items, i);
    if (!it->translatable || !*it->text) continue;
    g_string_append_c(s, '\n');
    GPtrArray *spots = vl_room_spots(room, it->key);
    if (spots)
      where_notes(s, spots);
    else
      note(s, "No layout prints this text yet.");
    markup_notes(s, it->text);
    name_note(s, it);
    if (it->note) note(s, "From the organizers: %s", it->note);
    if (spots) note(s, "Picture: %s.png (volante context --out DIR)", it->key);
    g_string_append_printf(s, "#: %s:%d\n", base, it->line);
    int max = max_length(spots);
    if (max > 0) g_string_append_printf(s, "#, max-length:%d\n", max);
    g_string_append(s, "msgctxt ");
    po_quote(s, it->key);
    g_string_append(s, "\nmsgid ");
    po_quote(s, it->text);
    g_string_append(s, "\nmsgstr \"\"\n");
    n++;
  }
  g_free(base);
  char *podir = g_build_filename(vl_content_dir(c), "po", NULL);
  g_mkdir_with_parents(podir, 0755);
  char *pot = g_build_filename(podir, "volante.pot", NULL);
  gboolean ok = vl_write_atomic(pot, s->str, s->len, err);
  g_free(pot);
  g_free(podir);
  g_string_free(s, TRUE);
  return ok ? n : -1;
}
