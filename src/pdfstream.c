#include "pdfstream.h"

#include <stdlib.h>
#include <string.h>

/* What each byte is to the scanner, one lookup a byte (strchr on every byte
 * of a regular token was a third of the scan). */
enum { SPACE = 1, DELIM = 2, NUMERIC = 4 };
static const unsigned char kind[256] = {
    [' '] = SPACE,   ['\n'] = SPACE,  ['\r'] = SPACE,  ['\t'] = SPACE,  ['\f'] = SPACE,  ['\0'] = SPACE,
    ['('] = DELIM,   [')'] = DELIM,   ['<'] = DELIM,   ['>'] = DELIM,   ['['] = DELIM,   [']'] = DELIM,
    ['{'] = DELIM,   ['}'] = DELIM,   ['/'] = DELIM,   ['%'] = DELIM,   ['+'] = NUMERIC, ['-'] = NUMERIC,
    ['.'] = NUMERIC, ['0'] = NUMERIC, ['1'] = NUMERIC, ['2'] = NUMERIC, ['3'] = NUMERIC, ['4'] = NUMERIC,
    ['5'] = NUMERIC, ['6'] = NUMERIC, ['7'] = NUMERIC, ['8'] = NUMERIC, ['9'] = NUMERIC,
};
static gboolean is_space(char c) { return kind[(unsigned char)c] & SPACE; }
static gboolean is_delim(char c) { return kind[(unsigned char)c] & DELIM; }
static gboolean is_numeric(char c) { return kind[(unsigned char)c] & NUMERIC; }

typedef struct {
  const char *p, *end;
} Scan;

static void skip_space(Scan *s) {
  while (s->p < s->end) {
    if (is_space(*s->p))
      s->p++;
    else if (*s->p == '%') {
      while (s->p < s->end && *s->p != '\n' && *s->p != '\r') s->p++;
    } else
      break;
  }
}

/* A literal string from its '(': parentheses nest, a backslash escapes one byte. */
static gboolean skip_string(Scan *s) {
  int depth = 0;
  for (; s->p < s->end; s->p++) {
    if (*s->p == '\\')
      s->p++;
    else if (*s->p == '(')
      depth++;
    else if (*s->p == ')' && --depth == 0) {
      s->p++;
      return TRUE;
    }
  }
  return FALSE;
}

static void skip_regular(Scan *s) {
  while (s->p < s->end && !(kind[(unsigned char)*s->p] & (SPACE | DELIM))) s->p++;
}

/* One operand object (after skip_space): FALSE when the stream ends inside it. */
static gboolean skip_object(Scan *s, int depth) {
  if (depth > 64) return FALSE; /* nothing real nests this deep */
  char c = *s->p;
  if (c == '(') return skip_string(s);
  if (c == '/') {
    s->p++;
    skip_regular(s);
    return TRUE;
  }
  if (c == '<' && s->p + 1 < s->end && s->p[1] == '<') {
    s->p += 2;
    for (;;) {
      skip_space(s);
      if (s->p + 1 < s->end && s->p[0] == '>' && s->p[1] == '>') {
        s->p += 2;
        return TRUE;
      }
      if (s->p >= s->end || !skip_object(s, depth + 1)) return FALSE;
    }
  }
  if (c == '<') {
    const char *close = memchr(s->p, '>', (size_t)(s->end - s->p));
    if (!close) return FALSE;
    s->p = close + 1;
    return TRUE;
  }
  if (c == '[') {
    s->p++;
    for (;;) {
      skip_space(s);
      if (s->p < s->end && *s->p == ']') {
        s->p++;
        return TRUE;
      }
      if (s->p >= s->end || !skip_object(s, depth + 1)) return FALSE;
    }
  }
  if (c == ')' || c == '>' || c == ']' || c == '{' || c == '}') { /* stray: one byte */
    s->p++;
    return TRUE;
  }
  skip_regular(s);
  return TRUE;
}

/* A number as Cairo writes them ("-12.345": at most 15 digits, at most 22
 * after the point), or FALSE. Its digits and a power of ten are both exact
 * doubles, so the one rounding of the division is strtod's correct rounding:
 * the same value, without strtod's general case (half of the rewrite's time). */
static gboolean plain_number(const char *p, const char *end, double *v) {
  static const double ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  gboolean minus = p < end && *p == '-';
  if (p < end && (*p == '-' || *p == '+')) p++;
  gint64 m = 0;
  int digits = 0, after = -1;
  for (; p < end; p++) {
    if (*p == '.' && after < 0) {
      after = 0;
      continue;
    }
    if (*p < '0' || *p > '9') return FALSE;
    m = m * 10 + (*p - '0');
    if (++digits > 15) return FALSE;
    if (after >= 0 && ++after > 22) return FALSE;
  }
  if (!digits) return FALSE;
  double x = after > 0 ? (double)m / ten[after] : (double)m;
  *v = minus ? -x : x;
  return TRUE;
}

static gboolean number(const char *p, const char *end, double *v) {
  char buf[48];
  gsize n = (gsize)(end - p);
  if (n == 0 || n >= sizeof buf) return FALSE;
  if (plain_number(p, end, v)) return TRUE;
  memcpy(buf, p, n);
  buf[n] = '\0';
  if (!is_numeric(buf[0])) return FALSE;
  char *stop;
  *v = g_ascii_strtod(buf, &stop);
  return *stop == '\0';
}

/* An inline image's data runs from "ID" and one space to "EI" standing alone. */
static gboolean skip_inline_image(Scan *s) {
  if (s->p < s->end) s->p++;
  for (; s->p + 1 < s->end; s->p++)
    if (s->p[0] == 'E' && s->p[1] == 'I' && is_space(s->p[-1]) && (s->p + 2 == s->end || is_space(s->p[2]))) {
      s->p += 2;
      return TRUE;
    }
  return FALSE;
}

gboolean vl_pdfstream_each(const char *data, gsize len, gboolean (*fn)(const VlPdfOp *op, gpointer user), gpointer user,
                           GError **err) {
  Scan s = {data, data + len};
  VlPdfOp op = {0};
  const char *start = NULL;
  for (;;) {
    skip_space(&s);
    if (s.p >= s.end) return TRUE;
    if (!start) {
      start = s.p;
      op = (VlPdfOp){0};
    }
    const char *tok = s.p;
    char c = *s.p;
    gboolean operand = is_delim(c) || is_numeric(c);
    if (!skip_object(&s, 0)) break;
    if (operand) {
      if (c == '/') {
        op.name = tok;
        op.name_len = (gsize)(s.p - tok);
      } else
        op.name = NULL;
      double v;
      if (op.n_operands == op.n_nums && op.n_nums < VL_PDFOP_NUMS && number(tok, s.p, &v)) op.num[op.n_nums++] = v;
      op.n_operands++;
      continue;
    }
    gsize n = (gsize)(s.p - tok);
    memcpy(op.op, tok, MIN(n, sizeof op.op - 1));
    if (n == 2 && !memcmp(tok, "ID", 2) && !skip_inline_image(&s)) break;
    op.text = start;
    op.len = (gsize)(s.p - start);
    start = NULL;
    if (!fn(&op, user)) return TRUE;
  }
  g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "a content stream breaks off at byte %" G_GSIZE_FORMAT,
              (gsize)(s.p - data));
  return FALSE;
}
