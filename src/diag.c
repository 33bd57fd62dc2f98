#include "diag.h"

#include <stdarg.h>
#include <string.h>

#include "kinds.h"
#include "util.h"

struct VlDiag {
  GMutex lock;
  GPtrArray *items; /* VlProblem*, owned */
};

static void problem_free(gpointer p) {
  VlProblem *pr = p;
  g_free(pr->kind);
  g_free(pr->lang);
  g_free(pr->layout);
  g_strfreev(pr->layouts);
  g_free(pr->key);
  g_free(pr->file);
  g_free(pr->message);
  g_free(pr);
}

VlDiag *vl_diag_new(void) {
  VlDiag *d = g_new0(VlDiag, 1);
  g_mutex_init(&d->lock);
  d->items = g_ptr_array_new_with_free_func(problem_free);
  return d;
}

void vl_diag_free(VlDiag *d) {
  if (!d) return;
  g_ptr_array_free(d->items, TRUE);
  g_mutex_clear(&d->lock);
  g_free(d);
}

void vl_diag_add(VlDiag *d, VlSeverity sev, const char *kind, const char *lang, const char *layout, const char *key,
                 const char *file, int line, const char *fmt, ...) {
  VlProblem *p = g_new0(VlProblem, 1);
  p->severity = sev;
  /* Problems quote translations and name files: what a PO file holds must
   * never reach a terminal as an escape sequence (vl_printable). */
  p->kind = g_strdup(kind ? kind : "");
  p->lang = vl_printable(lang ? lang : "");
  p->layout = vl_printable(layout ? layout : "");
  p->layouts = g_new0(char *, 2);
  if (*p->layout) p->layouts[0] = g_strdup(p->layout);
  p->key = vl_printable(key ? key : "");
  p->file = vl_printable(file ? file : "");
  p->line = line;
  va_list ap;
  va_start(ap, fmt);
  char *message = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  p->message = vl_printable(message);
  g_free(message);
  g_mutex_lock(&d->lock);
  g_ptr_array_add(d->items, p);
  g_mutex_unlock(&d->lock);
  if (!vl_kind_find(p->kind)) {
    /* A check without a row in the table: people would get no help line. */
    static gsize warned = 0;
    if (g_once_init_enter(&warned)) {
      fprintf(stderr, "volante: internal: check kind \"%s\" has no row in src/kinds.c\n", p->kind);
      g_once_init_leave(&warned, 1);
    }
  }
}

void vl_diag_add_error(VlDiag *diag, const char *kind, const char *lang, const char *layout, const char *path,
                       const GError *e) {
  /* A file with several mistakes gives one line each. */
  char **lines = g_strsplit(e->message, "\n", -1);
  size_t n = strlen(path);
  for (int i = 0; lines[i]; i++) {
    const char *msg = lines[i];
    int line = 0;
    if (!*msg) continue;
    if (!strncmp(msg, path, n) && msg[n] == ':') {
      msg += n + 1;
      if (g_ascii_isdigit(*msg)) {
        line = (int)g_ascii_strtoll(msg, (char **)&msg, 10);
        if (*msg == ':') msg++;
      }
      while (*msg == ' ') msg++;
    }
    vl_diag_add(diag, VL_ERROR, kind, lang, layout, "", path, line, "%s", msg);
  }
  g_strfreev(lines);
}

guint vl_diag_count(VlDiag *d, VlSeverity sev) {
  guint n = 0;
  g_mutex_lock(&d->lock);
  for (guint i = 0; i < d->items->len; i++)
    if (((VlProblem *)g_ptr_array_index(d->items, i))->severity == sev) n++;
  g_mutex_unlock(&d->lock);
  return n;
}

static int problem_cmp(gconstpointer a, gconstpointer b) {
  const VlProblem *x = *(VlProblem *const *)a, *y = *(VlProblem *const *)b;
  int c;
  if ((c = strcmp(x->file, y->file))) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if ((c = strcmp(x->lang, y->lang))) return c;
  if ((c = strcmp(x->layout, y->layout))) return c;
  if ((c = strcmp(x->key, y->key))) return c;
  if ((c = strcmp(x->kind, y->kind))) return c;
  return strcmp(x->message, y->message);
}

void vl_diag_sort(VlDiag *d) {
  g_mutex_lock(&d->lock);
  g_ptr_array_sort(d->items, problem_cmp);
  for (guint i = 1; i < d->items->len;) {
    gconstpointer a = &g_ptr_array_index(d->items, i - 1), b = &g_ptr_array_index(d->items, i);
    if (problem_cmp(a, b) == 0)
      g_ptr_array_remove_index(d->items, i);
    else
      i++;
  }
  g_mutex_unlock(&d->lock);
}

/* Problems that belong to one PO entry (or content key) and differ only in
 * the layout that found them. */
static char *entry_of(const VlProblem *p) {
  return g_strdup_printf("%s\x1f%d\x1f%s\x1f%s\x1f%s", p->file, p->line, p->lang, p->key, p->kind);
}

static void add_unique(GPtrArray *list, const char *s) {
  for (guint i = 0; i < list->len; i++)
    if (!strcmp(g_ptr_array_index(list, i), s)) return;
  g_ptr_array_add(list, g_strdup(s));
}

static int by_string(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Layouts of GROUP's problems whose message is MSG, joined: "flyer, poster". */
static char *layouts_saying(GPtrArray *group, const char *msg) {
  GPtrArray *where = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < group->len; i++) {
    const VlProblem *p = g_ptr_array_index(group, i);
    for (int l = 0; !strcmp(p->message, msg) && p->layouts[l]; l++) add_unique(where, p->layouts[l]);
  }
  g_ptr_array_sort(where, by_string);
  g_ptr_array_add(where, NULL);
  char *list = g_strjoinv(", ", (char **)where->pdata);
  g_ptr_array_free(where, TRUE);
  return list;
}

/* Each distinct wording once, followed by the layouts that gave it. */
static char *join_messages(GPtrArray *group, GPtrArray *messages) {
  GString *s = g_string_new(NULL);
  for (guint k = 0; k < messages->len; k++) {
    const char *msg = g_ptr_array_index(messages, k);
    char *list = layouts_saying(group, msg);
    g_string_append_printf(s, "%s%s%s%s%s", k ? "; " : "", msg, *list ? " (" : "", list, *list ? ")" : "");
    g_free(list);
  }
  return g_string_free(s, FALSE);
}

/* MSG cut into words and numbers ("20%", "8.5"): numbers at odd places. */
static GPtrArray *number_slots(const char *msg) {
  GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
  const char *p = msg, *start = msg;
  while (*p) {
    if (g_ascii_isdigit(*p) && (p == msg || !g_ascii_isalnum(p[-1]))) {
      const char *e = p;
      while (g_ascii_isdigit(*e) || (*e == '.' && g_ascii_isdigit(e[1]))) e++;
      if (*e == '%') e++;
      if (!g_ascii_isalpha(*e)) {
        g_ptr_array_add(parts, g_strndup(start, (gsize)(p - start)));
        g_ptr_array_add(parts, g_strndup(p, (gsize)(e - p)));
        start = p = e;
        continue;
      }
    }
    p++;
  }
  g_ptr_array_add(parts, g_strdup(start));
  return parts;
}

/* When the layouts say the same thing with one different number ("needs 20%
 * more room", "needs 35% more room"), one sentence with each layout's
 * figure: "needs 20% (flyer), 35% (poster) more room". NULL otherwise. */
static char *fold_numbers(GPtrArray *group) {
  GPtrArray *first = number_slots(((VlProblem *)g_ptr_array_index(group, 0))->message);
  int slot = -1;
  gboolean ok = TRUE;
  for (guint i = 1; ok && i < group->len; i++) {
    GPtrArray *o = number_slots(((VlProblem *)g_ptr_array_index(group, i))->message);
    ok = o->len == first->len;
    for (guint k = 0; ok && k < o->len; k++) {
      if (!strcmp(g_ptr_array_index(o, k), g_ptr_array_index(first, k))) continue;
      if (k % 2 == 0 || (slot >= 0 && slot != (int)k)) ok = FALSE;
      slot = (int)k;
    }
    g_ptr_array_free(o, TRUE);
  }
  char *out = NULL;
  if (ok && slot > 0) {
    GPtrArray *values = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < group->len; i++) {
      GPtrArray *o = number_slots(((VlProblem *)g_ptr_array_index(group, i))->message);
      add_unique(values, g_ptr_array_index(o, slot));
      g_ptr_array_free(o, TRUE);
    }
    GString *s = g_string_new(NULL);
    for (guint k = 0; k < first->len; k++) {
      if ((int)k != slot) {
        g_string_append(s, g_ptr_array_index(first, k));
        continue;
      }
      for (guint v = 0; v < values->len; v++) {
        GString *msg = g_string_new(NULL);
        for (guint j = 0; j < first->len; j++)
          g_string_append(msg, (int)j == slot ? g_ptr_array_index(values, v) : g_ptr_array_index(first, j));
        char *list = layouts_saying(group, msg->str);
        g_string_append_printf(s, "%s%s (%s)", v ? ", " : "", (char *)g_ptr_array_index(values, v), list);
        g_free(list);
        g_string_free(msg, TRUE);
      }
    }
    out = g_string_free(s, FALSE);
    g_ptr_array_free(values, TRUE);
  }
  g_ptr_array_free(first, TRUE);
  return out;
}

/* GROUP's problems as one: every layout listed, each distinct message once. */
static VlProblem *merged(GPtrArray *group) {
  VlProblem *first = g_ptr_array_index(group, 0);
  VlProblem *m = g_new0(VlProblem, 1);
  m->severity = first->severity;
  m->kind = g_strdup(first->kind);
  m->lang = g_strdup(first->lang);
  m->key = g_strdup(first->key);
  m->file = g_strdup(first->file);
  m->line = first->line;
  GPtrArray *layouts = g_ptr_array_new_with_free_func(g_free);
  GPtrArray *messages = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < group->len; i++) {
    const VlProblem *p = g_ptr_array_index(group, i);
    if (p->severity > m->severity) m->severity = p->severity;
    for (int k = 0; p->layouts[k]; k++) add_unique(layouts, p->layouts[k]);
    add_unique(messages, p->message);
  }
  g_ptr_array_sort(layouts, by_string);
  if (messages->len == 1)
    m->message = g_strdup(g_ptr_array_index(messages, 0));
  else if (!(m->message = fold_numbers(group)))
    m->message = join_messages(group, messages);
  g_ptr_array_add(layouts, NULL);
  m->layouts = (char **)g_ptr_array_free(layouts, FALSE);
  m->layout = g_strjoinv(", ", m->layouts);
  g_ptr_array_free(messages, TRUE);
  return m;
}

void vl_diag_merge(VlDiag *d) {
  vl_diag_sort(d);
  g_mutex_lock(&d->lock);
  GHashTable *groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *order = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < d->items->len; i++) {
    VlProblem *p = g_ptr_array_index(d->items, i);
    GPtrArray *g = NULL;
    char *id = *p->key ? entry_of(p) : NULL;
    if (id) g = g_hash_table_lookup(groups, id);
    if (!g) {
      g = g_ptr_array_new();
      g_ptr_array_add(order, g);
      if (id) g_hash_table_insert(groups, id, g), id = NULL;
    }
    g_free(id);
    g_ptr_array_add(g, p);
  }
  GPtrArray *items = g_ptr_array_new_with_free_func(problem_free);
  for (guint i = 0; i < order->len; i++) {
    GPtrArray *g = g_ptr_array_index(order, i);
    if (g->len == 1) {
      g_ptr_array_add(items, g_ptr_array_index(g, 0));
      continue;
    }
    g_ptr_array_add(items, merged(g));
    for (guint k = 0; k < g->len; k++) problem_free(g_ptr_array_index(g, k));
  }
  g_ptr_array_set_free_func(d->items, NULL);
  g_ptr_array_free(d->items, TRUE);
  d->items = items;
  g_ptr_array_free(order, TRUE);
  g_hash_table_destroy(groups);
  g_mutex_unlock(&d->lock);
}

const VlProblem *vl_diag_get(VlDiag *d, guint i) { return g_ptr_array_index(d->items, i); }
guint vl_diag_len(VlDiag *d) { return d->items->len; }

void vl_diag_print_human(VlDiag *d, FILE *out) {
  const char *last = NULL;
  for (guint i = 0; i < d->items->len; i++) {
    const VlProblem *p = g_ptr_array_index(d->items, i);
    if (!last || strcmp(last, p->file) != 0) {
      if (last) fputc('\n', out);
      last = p->file;
    }
    if (*p->file && p->line)
      fprintf(out, "%s:%d: ", p->file, p->line);
    else if (*p->file)
      fprintf(out, "%s: ", p->file);
    fprintf(out, "%s: ", p->severity == VL_ERROR ? "error" : "warning");
    if (*p->lang) fprintf(out, "[%s] ", p->lang);
    /* What, then where: "headline, in flyer, poster: ..." */
    if (*p->key && *p->layout)
      fprintf(out, "%s, in %s: ", p->key, p->layout);
    else if (*p->key)
      fprintf(out, "%s: ", p->key);
    else if (*p->layout)
      fprintf(out, "in %s: ", p->layout);
    fprintf(out, "%s (%s)\n", p->message, p->kind);
  }
}

void vl_json_string(GString *out, const char *s) {
  g_string_append_c(out, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '"':
        g_string_append(out, "\\\"");
        break;
      case '\\':
        g_string_append(out, "\\\\");
        break;
      case '\n':
        g_string_append(out, "\\n");
        break;
      case '\t':
        g_string_append(out, "\\t");
        break;
      case '\r':
        g_string_append(out, "\\r");
        break;
      default:
        if (*p < 0x20)
          g_string_append_printf(out, "\\u%04x", *p);
        else
          g_string_append_c(out, (char)*p);
    }
  }
  g_string_append_c(out, '"');
}

static void json_problem(GString *s, const VlProblem *p) {
  g_string_append(s, "{\"severity\": ");
  vl_json_string(s, p->severity == VL_ERROR ? "error" : "warning");
  g_string_append(s, ", \"kind\": ");
  vl_json_string(s, p->kind);
  g_string_append(s, ", \"lang\": ");
  vl_json_string(s, p->lang);
  g_string_append(s, ", \"layout\": ");
  vl_json_string(s, p->layout);
  g_string_append(s, ", \"layouts\": [");
  for (int k = 0; p->layouts && p->layouts[k]; k++) {
    if (k) g_string_append(s, ", ");
    vl_json_string(s, p->layouts[k]);
  }
  g_string_append(s, "], \"key\": ");
  vl_json_string(s, p->key);
  g_string_append(s, ", \"file\": ");
  vl_json_string(s, p->file);
  if (p->line > 0)
    g_string_append_printf(s, ", \"line\": %d", p->line);
  else
    g_string_append(s, ", \"line\": null");
  g_string_append(s, ", \"message\": ");
  vl_json_string(s, p->message);
  const VlKind *k = vl_kind_find(p->kind);
  g_string_append(s, ", \"help\": ");
  if (k)
    vl_json_string(s, k->help);
  else
    g_string_append(s, "null");
  g_string_append_c(s, '}');
}

void vl_diag_print_json(VlDiag *d, FILE *out) {
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "{\"schema\": %d, \"errors\": %u, \"warnings\": %u, \"problems\": [", VL_JSON_SCHEMA,
                         vl_diag_count(d, VL_ERROR), vl_diag_count(d, VL_WARNING));
  for (guint i = 0; i < d->items->len; i++) {
    if (i) g_string_append(s, ", ");
    json_problem(s, g_ptr_array_index(d->items, i));
  }
  g_string_append(s, "]}\n");
  fputs(s->str, out);
  g_string_free(s, TRUE);
}

void vl_diag_print_json_request_error(const char *message, FILE *out) {
  VlDiag *d = vl_diag_new();
  vl_diag_add(d, VL_ERROR, "request", "", "", "", "", 0, "%s", message);
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "{\"schema\": %d, \"request_error\": ", VL_JSON_SCHEMA);
  vl_json_string(s, message);
  g_string_append(s, ", \"errors\": 1, \"warnings\": 0, \"problems\": [");
  json_problem(s, vl_diag_get(d, 0));
  g_string_append(s, "]}\n");
  fputs(s->str, out);
  g_string_free(s, TRUE);
  vl_diag_free(d);
}
