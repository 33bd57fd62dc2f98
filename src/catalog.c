#include "catalog.h"

#include <gettext-po.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "digest.h"
#include "lang.h"
#include "util.h"

struct VlCatalog {
  int refs;
  char *path;
  int header_line;
  GHashTable *entries; /* msgctxt -> VlEntry* */
  GHashTable *header;  /* header field -> value ("Language" -> "es") */
  int end_line;        /* the file's last line: where an entry it lacks would go */
};

static void entry_free(gpointer p) {
  VlEntry *e = p;
  g_free(e->msgid);
  g_free(e->prev_msgid);
  g_free(e->msgstr);
  g_free(e);
}

/* libgettextpo reports through callbacks and requires that a fatal one never
 * returns, so the reader jumps back out of po_file_read. */
typedef struct {
  jmp_buf jump;
  const char *path;
  char *first_error;
} ReadState;
static ReadState *read_state; /* only while vl_catalog_load runs (main thread) */

static void note_error(int severity, const char *filename, size_t lineno, const char *text) {
  if (severity == PO_SEVERITY_WARNING || read_state->first_error) return;
  /* libgettextpo's message may quote the file, bytes that are not UTF-8 included. */
  char *shown = vl_printable(text);
  if (filename && lineno != (size_t)-1)
    read_state->first_error = g_strdup_printf("%s:%zu: %s", filename, lineno, shown);
  else if (filename)
    read_state->first_error = g_strdup_printf("%s: %s", filename, shown);
  else
    read_state->first_error = g_strdup_printf("%s: %s", read_state->path, shown);
  g_free(shown);
}

static void on_xerror(int severity, po_message_t message, const char *filename, size_t lineno, size_t column,
                      int multiline_p, const char *message_text) {
  (void)message, (void)column, (void)multiline_p;
  note_error(severity, filename, lineno, message_text);
  if (severity == PO_SEVERITY_FATAL_ERROR) longjmp(read_state->jump, 1);
}

static void on_xerror2(int severity, po_message_t message1, const char *filename1, size_t lineno1, size_t column1,
                       int multiline_p1, const char *message_text1, po_message_t message2, const char *filename2,
                       size_t lineno2, size_t column2, int multiline_p2, const char *message_text2) {
  (void)message1, (void)column1, (void)multiline_p1, (void)message2, (void)filename2, (void)column2, (void)multiline_p2;
  char *both = lineno2 != (size_t)-1 ? g_strdup_printf("%s (%s: line %zu)", message_text1, message_text2, lineno2)
                                     : g_strdup_printf("%s; %s", message_text1, message_text2);
  note_error(severity, filename1, lineno1, both);
  g_free(both);
  if (severity == PO_SEVERITY_FATAL_ERROR) longjmp(read_state->jump, 1);
}

static const struct po_xerror_handler handler = {on_xerror, on_xerror2};

/* Frees FILE whole. libgettextpo 0.21's po_file_free frees every text of a
 * message but its msgctxt, and every volante entry has one: each PO file
 * read lost about 450 bytes, a kiosk reload of 15 languages 7 kB (1,000
 * reloads, a week in a lobby, grew the kiosk by 7 MB). Setting the context
 * to NULL frees it, and is as right with a libgettextpo that frees it. */
static void po_file_free_all(po_file_t file) {
  const char *const *domains = po_file_domains(file);
  for (size_t i = 0; domains && domains[i]; i++) {
    po_message_iterator_t it = po_message_iterator(file, domains[i]);
    for (po_message_t m; (m = po_next_message(it));) po_message_set_msgctxt(m, NULL);
    po_message_iterator_free(it);
  }
  po_file_free(file);
}

/* Unescapes a PO string literal starting at the opening quote. */
static void append_literal(GString *out, const char *p) {
  if (*p != '"') return;
  for (p++; *p && *p != '"'; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      switch (*p) {
        case 'n':
          g_string_append_c(out, '\n');
          break;
        case 't':
          g_string_append_c(out, '\t');
          break;
        default:
          g_string_append_c(out, *p);
      }
    } else {
      g_string_append_c(out, *p);
    }
  }
}

/* libgettextpo does not tell where a message starts in the PO file itself, so
 * the lines of the msgctxt keywords are found by reading the text once more. */
static GHashTable *index_lines(const char *text, int *header_line, char **twice) {
  GHashTable *lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  char **ls = g_strsplit(text, "\n", -1);
  for (int i = 0; ls[i]; i++) {
    if (!*header_line && !strcmp(g_strchomp(ls[i]), "msgid \"\"") && (i == 0 || strncmp(ls[i - 1], "msgctxt", 7)))
      *header_line = i + 1;
    if (strncmp(ls[i], "msgctxt ", 8) != 0) continue;
    GString *ctx = g_string_new(NULL);
    append_literal(ctx, g_strchug(ls[i] + 8));
    for (int j = i + 1; ls[j] && ls[j][0] == '"'; j++) append_literal(ctx, ls[j]);
    int first = GPOINTER_TO_INT(g_hash_table_lookup(lines, ctx->str));
    if (!first)
      g_hash_table_insert(lines, g_strdup(ctx->str), GINT_TO_POINTER(i + 1));
    else if (!*twice) {                     /* one entry per text: which of two would print is anyone's guess */
      char *shown = vl_printable(ctx->str); /* a control character there must not reach the terminal */
      *twice = g_strdup_printf("%d: a second entry for \"%s\" (the first is at line %d): keep one and remove the other",
                               i + 1, shown, first);
      g_free(shown);
    }
    g_string_free(ctx, TRUE);
  }
  g_strfreev(ls);
  return lines;
}

/* The language's name and its words never to break, from the header, for
 * every VlLang of this file's language (see lang.h). */
static void note_header(const char *path, const char *header) {
  char *name = header ? po_header_field(header, "X-Language-Name") : NULL;
  char *keep = header ? po_header_field(header, "X-Volante-Keep") : NULL;
  char *rules = header ? po_header_field(header, "X-Volante-Rules") : NULL;
  char *base = g_path_get_basename(path);
  if (g_str_has_suffix(base, ".po")) base[strlen(base) - 3] = 0;
  char *tag = vl_lang_canonical(base, NULL); /* pt_BR.po is pt-BR's */
  vl_lang_set_header(tag ? tag : base, name, keep, rules);
  g_free(tag);
  g_free(base);
  free(name); /* libgettextpo's, from malloc */
  free(keep);
  free(rules);
}

/* The file is UTF-8, but an escape (\x82, \202) may make a byte that is not. */
static const char not_utf8[] =
    "an escape like \\x82 or \\202 makes a byte that is not UTF-8: write the character itself";

/* TRUE when every text of M is UTF-8 after libgettextpo undid its escapes. */
static gboolean escapes_utf8(po_message_t m) {
  const char *texts[] = {po_message_msgctxt(m), po_message_msgid(m), po_message_msgstr(m), po_message_prev_msgid(m),
                         po_message_prev_msgctxt(m)};
  for (size_t i = 0; i < G_N_ELEMENTS(texts); i++)
    if (texts[i] && !g_utf8_validate(texts[i], -1, NULL)) return FALSE;
  return TRUE;
}

/* libgettextpo grows a string a little at a time as it reads it: a file of
 * megabytes of one paragraph takes minutes. Volante's PO files are tens of
 * kilobytes; anything this large is the wrong file or a runaway paste (and
 * the sanitizer build takes minutes even over one megabyte). */
#define PO_MAX_BYTES (1024 * 1024)

/* What libgettextpo would call a syntax error at line 1 or read for minutes,
 * said in words a translator can act on. */
static gboolean plain_problem(const char *path, const char *text, gsize len, GError **err) {
  if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "%s:1: starts with a byte-order mark (BOM): save it as UTF-8 without one", path);
    return TRUE;
  }
  if (len > PO_MAX_BYTES) {
    int line = 1;
    for (const char *p = text; p < text + PO_MAX_BYTES; p++)
      if (*p == '\n') line++;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "%s:%d: the file passes %d MB on this line: a PO file for volante is far smaller", path, line,
                PO_MAX_BYTES / (1024 * 1024));
    return TRUE;
  }
  return FALSE;
}

/* libgettextpo's parser, with a fatal error brought back here (longjmp). A
 * function of its own, never inlined: none of the caller's variables lives
 * across the jump. */
static G_GNUC_NO_INLINE po_file_t read_guarded(const char *path, ReadState *st) {
  read_state = st;
  if (setjmp(st->jump) != 0) {
    read_state = NULL;
    return NULL;
  }
  po_file_t file = po_file_read(path, &handler);
  read_state = NULL;
  return file;
}

/* A catalog as read, kept in the cache (cache.h: kind "po") under the
 * SHA-256 of the file's bytes: the next run reads the same file without
 * libgettextpo (5 million instructions for a 10 kB file, half of them
 * converting each character). Only a file that read cleanly is kept; the
 * header's text is kept whole, as its language settings are noted again at
 * each load (note_header). */
#define BLOB_NULL 0xffffffffu

static void put_u32(GByteArray *b, guint32 v) { g_byte_array_append(b, (const guint8 *)&v, 4); }

static void put_str(GByteArray *b, const char *s) {
  put_u32(b, s ? (guint32)strlen(s) : BLOB_NULL);
  if (s) g_byte_array_append(b, (const guint8 *)s, (guint)strlen(s));
}

typedef struct {
  const guint8 *p, *end;
  gboolean ok;
} Reader;

static guint32 get_u32(Reader *r) {
  guint32 v = 0;
  if (r->end - r->p < 4) return r->ok = FALSE, 0;
  memcpy(&v, r->p, 4);
  r->p += 4;
  return v;
}

/* A string (caller frees), NULL for a NULL one or when the data ends. */
static char *get_str(Reader *r) {
  guint32 n = get_u32(r);
  if (!r->ok || n == BLOB_NULL) return NULL;
  if ((guint64)(r->end - r->p) < n) return r->ok = FALSE, NULL;
  char *s = g_strndup((const char *)r->p, n);
  r->p += n;
  if (strlen(s) != n || !g_utf8_validate(s, -1, NULL)) r->ok = FALSE;
  return s;
}

static GBytes *serialize(const VlCatalog *c, const char *header) {
  GByteArray *b = g_byte_array_new();
  put_u32(b, (guint32)c->header_line);
  put_u32(b, (guint32)c->end_line);
  put_str(b, header);
  char **keys = vl_catalog_keys(c);
  put_u32(b, g_strv_length(keys));
  for (int i = 0; keys[i]; i++) {
    const VlEntry *e = vl_catalog_lookup(c, keys[i]);
    put_str(b, keys[i]);
    put_str(b, e->msgid);
    put_str(b, e->prev_msgid);
    put_str(b, e->msgstr);
    put_u32(b, (guint32)e->fuzzy | (guint32)e->plural << 1);
    put_u32(b, (guint32)e->line);
  }
  g_strfreev(keys);
  return g_byte_array_free_to_bytes(b);
}

static void set_header(VlCatalog *c, const char *path, const char *header) {
  note_header(path, header);
  char **fields = header ? g_strsplit(header, "\n", -1) : NULL;
  for (int i = 0; fields && fields[i]; i++) {
    char *colon = strchr(fields[i], ':');
    if (!colon) continue;
    *colon = '\0';
    g_hash_table_insert(c->header, g_strdup(g_strstrip(fields[i])), g_strdup(g_strstrip(colon + 1)));
  }
  g_strfreev(fields);
}

/* The catalog of PATH kept under KEY, or NULL. */
static VlCatalog *from_cache(const char *path, const guint8 *key) {
  GBytes *blob = vl_cache_blob_get("po", key, 32);
  if (!blob) return NULL;
  gsize len = 0;
  Reader r = {g_bytes_get_data(blob, &len), NULL, TRUE};
  r.end = r.p + len;
  VlCatalog *c = vl_catalog_new(path);
  c->header_line = (int)get_u32(&r);
  c->end_line = (int)get_u32(&r);
  char *header = get_str(&r);
  guint32 n = get_u32(&r);
  for (guint32 i = 0; r.ok && i < n; i++) {
    char *key_s = get_str(&r), *msgid = get_str(&r), *prev = get_str(&r), *msgstr = get_str(&r);
    guint32 flags = get_u32(&r), line = get_u32(&r);
    if (r.ok && key_s && msgid && msgstr && !g_hash_table_contains(c->entries, key_s)) {
      vl_catalog_add(c, key_s, msgid, msgstr, (flags & 1) != 0, (int)line);
      VlEntry *en = g_hash_table_lookup(c->entries, key_s);
      en->prev_msgid = g_strdup(prev);
      en->plural = (flags & 2) != 0;
    } else {
      r.ok = FALSE;
    }
    g_free(key_s), g_free(msgid), g_free(prev), g_free(msgstr);
  }
  if (r.ok && r.p == r.end) set_header(c, path, header);
  g_free(header);
  g_bytes_unref(blob);
  if (r.ok && r.p == r.end) return c;
  vl_catalog_free(c);
  return NULL;
}

VlCatalog *vl_catalog_load(const char *path, GError **err) {
  gsize len = 0;
  char *text = vl_read_utf8(path, &len, err);
  if (!text) return NULL;
  if (plain_problem(path, text, len, err)) {
    g_free(text);
    return NULL;
  }

  guint8 key[VL_DIGEST_LEN];
  vl_digest_of(text, len, key);
  VlCatalog *c = from_cache(path, key);
  if (c) {
    g_free(text);
    return c;
  }
  c = vl_catalog_new(path);
  char *twice = NULL;
  GHashTable *lines = index_lines(text, &c->header_line, &twice);
  if (twice) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%s", path, twice);
    g_free(twice);
    g_hash_table_destroy(lines);
    vl_catalog_free(c);
    g_free(text);
    return NULL;
  }
  ReadState st = {0};
  st.path = path;
  po_file_t file = read_guarded(path, &st);
  if (!file || st.first_error) {
    if (st.first_error)
      g_set_error_literal(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, st.first_error);
    else
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: cannot read the PO file", path);
    g_free(st.first_error);
    if (file) po_file_free_all(file);
    g_hash_table_destroy(lines);
    vl_catalog_free(c);
    g_free(text);
    return NULL;
  }

  c->end_line = 1;
  for (const char *p = text; *p; p++)
    if (*p == '\n' && p[1]) c->end_line++;
  g_free(text);
  /* libgettextpo hands out a copy of the header (from malloc) for the caller
   * to free, though its type says const. */
  char *header = (char *)po_file_domain_header(file, NULL), *kept_header = NULL;
  if (header && !g_utf8_validate(header, -1, NULL)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: the header: %s", path, MAX(c->header_line, 1), not_utf8);
    free(header);
    goto bad;
  }
  set_header(c, path, header);
  kept_header = g_strdup(header);
  free(header);

  po_message_iterator_t it = po_message_iterator(file, NULL);
  for (po_message_t m; (m = po_next_message(it));) {
    const char *ctx = po_message_msgctxt(m);
    if (!ctx || po_message_is_obsolete(m)) continue; /* the header and stray entries */
    if (!escapes_utf8(m)) {
      char *shown = vl_printable(ctx);
      int line = GPOINTER_TO_INT(g_hash_table_lookup(lines, ctx));
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: msgctxt \"%s\": %s", path, MAX(line, 1), shown,
                  not_utf8);
      g_free(shown);
      po_message_iterator_free(it);
      goto bad;
    }
    if (g_hash_table_contains(c->entries, ctx)) continue;
    /* A plural entry's forms are not a text volante could print (check says why). */
    const char *msgstr = po_message_msgid_plural(m) || !po_message_msgstr(m) ? "" : po_message_msgstr(m);
    vl_catalog_add(c, ctx, po_message_msgid(m), msgstr, po_message_is_fuzzy(m),
                   GPOINTER_TO_INT(g_hash_table_lookup(lines, ctx)));
    VlEntry *en = g_hash_table_lookup(c->entries, ctx);
    en->prev_msgid = g_strdup(po_message_prev_msgid(m));
    en->plural = po_message_msgid_plural(m) != NULL;
  }
  po_message_iterator_free(it);
  po_file_free_all(file);
  g_hash_table_destroy(lines);
  GBytes *blob = serialize(c, kept_header);
  vl_cache_blob_put("po", key, sizeof key, g_bytes_get_data(blob, NULL), g_bytes_get_size(blob));
  g_bytes_unref(blob);
  g_free(kept_header);
  return c;
bad:
  g_free(kept_header);
  po_file_free_all(file);
  g_hash_table_destroy(lines);
  vl_catalog_free(c);
  return NULL;
}

VlCatalog *vl_catalog_new(const char *path) {
  VlCatalog *c = g_new0(VlCatalog, 1);
  c->refs = 1;
  c->path = g_strdup(path);
  c->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
  c->header = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  return c;
}

void vl_catalog_add(VlCatalog *c, const char *key, const char *msgid, const char *msgstr, gboolean fuzzy, int line) {
  if (g_hash_table_contains(c->entries, key)) return;
  VlEntry *en = g_new0(VlEntry, 1);
  en->msgid = g_strdup(msgid);
  en->msgstr = g_strdup(msgstr);
  en->fuzzy = fuzzy;
  en->line = line;
  g_hash_table_insert(c->entries, g_strdup(key), en);
}

const char *vl_entry_stale(const VlEntry *e, const char *source) {
  if (strcmp(e->msgid, source) != 0)
    return "the English changed after this was translated: update the PO file from the new volante.pot (msgmerge), "
           "then the translation";
  if (e->fuzzy && e->prev_msgid && strcmp(e->prev_msgid, source) != 0)
    return "the English changed after this was translated (the old English is in the #| lines above it): update the "
           "translation to the new English, then remove the fuzzy mark and the #| lines";
  return NULL;
}

VlCatalog *vl_catalog_ref(VlCatalog *c) {
  c->refs++;
  return c;
}

void vl_catalog_free(VlCatalog *c) {
  if (!c || --c->refs > 0) return;
  g_free(c->path);
  g_hash_table_destroy(c->entries);
  g_hash_table_destroy(c->header);
  g_free(c);
}

const char *vl_catalog_path(const VlCatalog *c) { return c->path; }
int vl_catalog_header_line(const VlCatalog *c) { return c->header_line; }
const VlEntry *vl_catalog_lookup(const VlCatalog *c, const char *key) { return g_hash_table_lookup(c->entries, key); }

static gint key_cmp(gconstpointer a, gconstpointer b, gpointer data) {
  (void)data;
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char **vl_catalog_keys(const VlCatalog *c) {
  char **keys = (char **)g_hash_table_get_keys_as_array(c->entries, NULL);
  for (char **k = keys; *k; k++) *k = g_strdup(*k);
  g_qsort_with_data(keys, (gint)g_strv_length(keys), sizeof(char *), key_cmp, NULL);
  return keys;
}

const char *vl_catalog_header(const VlCatalog *c, const char *field) { return g_hash_table_lookup(c->header, field); }
int vl_catalog_end_line(const VlCatalog *c) { return c->end_line; }
