#include "colorops.h"

#include <string.h>

/* PDF's white-space and delimiter characters (ISO 32000-1, 7.2.2). */
static gboolean is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }
static gboolean is_delim(char c) { return strchr("()<>[]{}/%", c) != NULL; }
static gboolean is_regular(char c) { return !is_space(c) && !is_delim(c); }

/* The colour operators and how many operands each takes. */
static const struct {
  const char *op;
  int n;
} ops[] = {{"g", 1}, {"G", 1}, {"rg", 3}, {"RG", 3}, {"k", 4}, {"K", 4}};

/* End of the literal string whose "(" is at I: strings nest, and a
 * backslash escapes the next character. */
static gsize string_end(const char *s, gsize i, gsize len) {
  int depth = 0;
  for (; i < len; i++) {
    if (s[i] == '\\')
      i++;
    else if (s[i] == '(')
      depth++;
    else if (s[i] == ')' && --depth == 0)
      return i + 1;
  }
  return len;
}

/* End of an inline image's data, which starts at I (just after "ID" and its
 * one white-space byte): at "EI" standing alone between white space. */
static gsize image_end(const char *s, gsize i, gsize len) {
  for (; i + 2 <= len; i++)
    if (is_space(s[i > 0 ? i - 1 : 0]) && s[i] == 'E' && s[i + 1] == 'I' && (i + 2 == len || is_space(s[i + 2])))
      return i + 2;
  return len;
}

void vl_colorops_map(const char *in, gsize len, VlColorOpFn fn, void *data, GString *out) {
  double v[4];
  int nums = 0;           /* numbers since the last operator */
  gboolean other = FALSE; /* an operand that is no number since the last operator */
  gsize first = 0;        /* where the last 4 numbers start */
  gsize starts[4];
  gsize copied = 0, i = 0;
  while (i < len) {
    char c = in[i];
    if (is_space(c)) {
      i++;
    } else if (c == '%') {
      while (i < len && in[i] != '\n' && in[i] != '\r') i++;
    } else if (c == '(') {
      i = string_end(in, i, len), other = TRUE;
    } else if (c == '<' && i + 1 < len && in[i + 1] == '<') {
      i += 2, other = TRUE;
    } else if (c == '>' && i + 1 < len && in[i + 1] == '>') {
      i += 2, other = TRUE;
    } else if (c == '<') {
      while (i < len && in[i] != '>') i++;
      i++, other = TRUE;
    } else if (c == '/') {
      i++;
      while (i < len && is_regular(in[i])) i++;
      other = TRUE;
    } else if (is_delim(c)) {
      i++, other = TRUE;
    } else {
      gsize start = i;
      while (i < len && is_regular(in[i])) i++;
      char *tok = g_strndup(in + start, i - start);
      char *end = NULL;
      double d = g_ascii_strtod(tok, &end);
      if (end && !*end && end != tok && (g_ascii_isdigit(tok[0]) || strchr("+-.", tok[0]))) {
        /* A number: keep the last four and where each starts. */
        if (nums == 4) memmove(v, v + 1, 3 * sizeof *v), memmove(starts, starts + 1, 3 * sizeof *starts), nums--;
        v[nums] = d, starts[nums] = start, nums++;
      } else {
        for (size_t k = 0; k < G_N_ELEMENTS(ops); k++) {
          if (strcmp(tok, ops[k].op) != 0 || other || nums != ops[k].n) continue;
          first = starts[0];
          g_string_append_len(out, in + copied, (gssize)(first - copied));
          fn(tok, v, nums, out, data);
          copied = i;
        }
        if (!strcmp(tok, "ID") && i < len) i = image_end(in, i + 1, len);
        nums = 0, other = FALSE;
      }
      g_free(tok);
    }
  }
  g_string_append_len(out, in + copied, (gssize)(len - copied));
}

void vl_colorops_gray(const char *op, const double *v, int n, GString *out, void *data) {
  (void)data;
  double y = n == 1   ? v[0]
             : n == 3 ? (v[0] == v[1] && v[1] == v[2] ? v[0] : 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2])
                      : 1 - MIN(1, 0.3 * v[0] + 0.59 * v[1] + 0.11 * v[2] + v[3]);
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(num, sizeof num, "%.4f", CLAMP(y, 0, 1));
  gboolean stroke = g_ascii_isupper(op[0]);
  g_string_append_printf(out, "%s %s", num, stroke ? "G" : "g");
}
