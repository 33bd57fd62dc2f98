#include "diag.h"

#include <stdarg.h>
#include <string.h>

struct VlDiag {
  GMutex lock;
  GPtrArray *items; /* VlProblem*, owned */
};

static void problem_free(gpointer p) {
  VlProblem *pr = p;
  g_free(pr->kind);
  g_free(pr->lang);
  g_free(pr->layout);
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
  p->kind = g_strdup(kind ? kind : "");
  p->lang = g_strdup(lang ? lang : "");
  p->layout = g_strdup(layout ? layout : "");
  p->key = g_strdup(key ? key : "");
  p->file = g_strdup(file ? file : "");
  p->line = line;
  va_list ap;
  va_start(ap, fmt);
  p->message = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_mutex_lock(&d->lock);
  g_ptr_array_add(d->items, p);
  g_mutex_unlock(&d->lock);
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
    GString *where = g_string_new(NULL);
    if (*p->lang) g_string_append(where, p->lang);
    if (*p->layout) g_string_append_printf(where, "%s%s", where->len ? "/" : "", p->layout);
    if (*p->file && p->line)
      fprintf(out, "%s:%d: ", p->file, p->line);
    else if (*p->file)
      fprintf(out, "%s: ", p->file);
    fprintf(out, "%s: ", p->severity == VL_ERROR ? "error" : "warning");
    if (where->len) fprintf(out, "[%s] ", where->str);
    if (*p->key) fprintf(out, "%s: ", p->key);
    fprintf(out, "%s (%s)\n", p->message, p->kind);
    g_string_free(where, TRUE);
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

void vl_diag_print_json(VlDiag *d, FILE *out) {
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "{\"errors\": %u, \"warnings\": %u, \"problems\": [", vl_diag_count(d, VL_ERROR),
                         vl_diag_count(d, VL_WARNING));
  for (guint i = 0; i < d->items->len; i++) {
    const VlProblem *p = g_ptr_array_index(d->items, i);
    if (i) g_string_append(s, ", ");
    g_string_append(s, "{\"severity\": ");
    vl_json_string(s, p->severity == VL_ERROR ? "error" : "warning");
    g_string_append(s, ", \"kind\": ");
    vl_json_string(s, p->kind);
    g_string_append(s, ", \"lang\": ");
    vl_json_string(s, p->lang);
    g_string_append(s, ", \"layout\": ");
    vl_json_string(s, p->layout);
    g_string_append(s, ", \"key\": ");
    vl_json_string(s, p->key);
    g_string_append(s, ", \"file\": ");
    vl_json_string(s, p->file);
    g_string_append_printf(s, ", \"line\": %d, \"message\": ", p->line);
    vl_json_string(s, p->message);
    g_string_append_c(s, '}');
  }
  g_string_append(s, "]}\n");
  fputs(s->str, out);
  g_string_free(s, TRUE);
}
