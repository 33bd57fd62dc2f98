#include "keys.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

gboolean vl_parse_length(const char *s, double *pt) {
  char *end = NULL;
  double v = g_ascii_strtod(s, &end);
  if (end == s || !isfinite(v)) return FALSE;
  while (*end == ' ') end++;
  double k = 1;
  if (!*end || !strcmp(end, "pt"))
    k = 1;
  else if (!strcmp(end, "in"))
    k = 72;
  else if (!strcmp(end, "mm"))
    k = 72 / 25.4;
  else if (!strcmp(end, "cm"))
    k = 72 / 2.54;
  else
    return FALSE;
  *pt = v * k;
  return TRUE;
}

gboolean vl_keys_fail(VlKeyCtx *c, const char *key, const char *fmt, ...) {
  int line = *key ? vl_ini_line(c->ini, c->group, key) : 0;
  if (!line) line = vl_ini_line(c->ini, c->group, NULL);
  if (!line) line = 1;
  va_list ap;
  va_start(ap, fmt);
  char *why = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  /* A value quoted in WHY may hold a newline (GKeyFile's \n), a name a tab:
   * one printable line per mistake. */
  char *one = g_strdup_printf("[%s]%s%s: %s", c->group, *key ? " " : "", key, why);
  char *shown = vl_printable(one);
  if (c->errors->len) g_string_append_c(c->errors, '\n');
  g_string_append_printf(c->errors, "%s:%d: %s", vl_ini_path(c->ini), line, shown);
  g_free(shown);
  g_free(one);
  g_free(why);
  return FALSE;
}

/* A length for people: whole inches in inches, else points. */
static char *show_length(double pt) {
  if (pt >= 72 && fmod(pt, 72) == 0) return g_strdup_printf("%g in", pt / 72);
  return g_strdup_printf("%g pt", pt);
}

static char *show_value(const VlKey *k, double v) {
  return k->type == VL_KEY_LENGTH && v != 0 ? show_length(v) : g_strdup_printf("%g", v);
}

/* "0 to 200 in", "more than 0 pt, at most 1000 pt". */
static char *show_range(const VlKey *k) {
  char *lo = show_value(k, k->lo), *hi = show_value(k, k->hi);
  char *r = k->above ? g_strdup_printf("more than %s, at most %s", lo, hi) : g_strdup_printf("%s to %s", lo, hi);
  g_free(lo);
  g_free(hi);
  return r;
}

/* "a, b or c" from "a|b|c", each word quoted with Q. */
static char *show_choices(const char *choices, const char *q) {
  char **w = g_strsplit(choices, "|", -1);
  GString *s = g_string_new(NULL);
  guint n = g_strv_length(w);
  for (guint i = 0; i < n; i++) {
    if (i) g_string_append(s, i + 1 == n ? " or " : ", ");
    g_string_append_printf(s, "%s%s%s", q, w[i], q);
  }
  g_strfreev(w);
  return g_string_free(s, FALSE);
}

static gboolean in_range(VlKeyCtx *c, const VlKey *k, const char *value, double v) {
  if (v < 0 && k->lo >= 0) return vl_keys_fail(c, k->name, "%s is negative", value);
  if (k->above && v <= k->lo) {
    char *lo = show_value(k, k->lo);
    vl_keys_fail(c, k->name, "must be more than %s", lo);
    g_free(lo);
    return FALSE;
  }
  if (v < k->lo || v > k->hi) {
    char *r = show_range(k);
    vl_keys_fail(c, k->name, "%s is out of range (%s)", value, r);
    g_free(r);
    return FALSE;
  }
  return TRUE;
}

static gboolean read_number(VlKeyCtx *c, const VlKey *k, const char *value, double *v) {
  char *end = NULL;
  *v = g_ascii_strtod(value, &end);
  if (end == value || *end || !isfinite(*v)) return vl_keys_fail(c, k->name, "\"%s\" is not a number", value);
  return in_range(c, k, value, *v);
}

gboolean vl_keys_read_value(VlKeyCtx *c, const VlKey *k, const char *value, void *out) {
  if (k->parse) return k->parse(c, k, value, out);
  switch (k->type) {
    case VL_KEY_TEXT:
      g_free(*(char **)out);
      *(char **)out = g_strdup(value);
      return TRUE;
    case VL_KEY_LENGTH: {
      double v;
      if (!vl_parse_length(value, &v))
        return vl_keys_fail(c, k->name, "\"%s\" is not a length (use pt, in, mm or cm)", value);
      if (!in_range(c, k, value, v)) return FALSE;
      *(double *)out = v;
      return TRUE;
    }
    case VL_KEY_NUMBER:
      return read_number(c, k, value, (double *)out);
    case VL_KEY_WHOLE: {
      double v;
      if (!read_number(c, k, value, &v)) return FALSE;
      if (v != floor(v)) return vl_keys_fail(c, k->name, "%s is not a whole number", value);
      *(int *)out = (int)v;
      return TRUE;
    }
    case VL_KEY_BOOL:
      /* true/1 or false/0; anything else is a mistake, not a silent false. */
      if (!g_ascii_strcasecmp(value, "true") || !strcmp(value, "1"))
        *(int *)out = TRUE;
      else if (!g_ascii_strcasecmp(value, "false") || !strcmp(value, "0"))
        *(int *)out = FALSE;
      else
        return vl_keys_fail(c, k->name, "\"%s\" is not true or false", value);
      return TRUE;
    case VL_KEY_COLOR: {
      unsigned r, g, b;
      if (strlen(value) != 7 || value[0] != '#' || strspn(value + 1, "0123456789abcdefABCDEF") != 6 ||
          sscanf(value + 1, "%2x%2x%2x", &r, &g, &b) != 3)
        return vl_keys_fail(c, k->name, "\"%s\" is not a color like #1a2b3c", value);
      double *rgb = out;
      rgb[0] = r / 255.0, rgb[1] = g / 255.0, rgb[2] = b / 255.0;
      return TRUE;
    }
    case VL_KEY_CHOICE: {
      char **w = g_strsplit(k->choices, "|", -1);
      int found = -1;
      for (int i = 0; w[i] && found < 0; i++)
        if (!strcmp(w[i], value)) found = i;
      g_strfreev(w);
      if (found >= 0) {
        *(int *)out = found;
        return TRUE;
      }
      char *list = show_choices(k->choices, "");
      vl_keys_fail(c, k->name, "\"%s\" is not %s", value, list);
      g_free(list);
      return FALSE;
    }
    case VL_KEY_OTHER:
      break;
  }
  return vl_keys_fail(c, k->name, "cannot be read (no parser)");
}

const VlKey *vl_keys_find(const VlKey *rows, size_t n, const char *group, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(rows[i].group, group) && !strcmp(rows[i].name, name)) return &rows[i];
  return NULL;
}

gboolean vl_keys_read(VlKeyCtx *c, const VlKey *rows, size_t n, const char *group, void *target, gboolean *bad) {
  gboolean ok = TRUE;
  char **keys = vl_ini_keys(c->ini, c->group);
  for (int i = 0; keys[i]; i++)
    if (!vl_keys_find(rows, n, group, keys[i])) {
      GString *known = g_string_new(NULL);
      for (size_t r = 0; r < n; r++)
        if (!strcmp(rows[r].group, group)) g_string_append_printf(known, "%s%s", known->len ? ", " : "", rows[r].name);
      ok = vl_keys_fail(c, keys[i], "unknown key (known: %s)", known->str);
      g_string_free(known, TRUE);
    }
  g_strfreev(keys);
  for (size_t r = 0; r < n; r++) {
    const VlKey *k = &rows[r];
    bad[r] = FALSE;
    if (strcmp(k->group, group) != 0) continue;
    const char *v = vl_ini_get(c->ini, c->group, k->name);
    void *out = (char *)target + k->offset;
    if (v && *v) {
      bad[r] = !vl_keys_read_value(c, k, v, out);
    } else if (k->required) {
      bad[r] = !vl_keys_fail(c, k->name, "missing%s%s%s", k->syntax ? " (" : "", k->syntax ? k->syntax : "",
                             k->syntax ? ")" : "");
    } else if (k->def) {
      bad[r] = !vl_keys_read_value(c, k, k->def, out);
    }
    if (bad[r]) ok = FALSE;
  }
  return ok;
}

/* What the value column of the reference says of row K. */
static char *show_type(const VlKey *k) {
  char *r = NULL, *s = NULL;
  switch (k->type) {
    case VL_KEY_TEXT:
      return g_strdup(k->syntax ? k->syntax : "text");
    case VL_KEY_LENGTH:
      r = show_range(k);
      s = g_strdup_printf("length, %s", r);
      break;
    case VL_KEY_NUMBER:
      r = show_range(k);
      s = g_strdup_printf("number, %s", r);
      break;
    case VL_KEY_WHOLE:
      r = show_range(k);
      s = g_strdup_printf("whole number, %s", r);
      break;
    case VL_KEY_BOOL:
      return g_strdup("`true` or `false`");
    case VL_KEY_COLOR:
      return g_strdup("color `#rrggbb`");
    case VL_KEY_CHOICE:
      return show_choices(k->choices, "`");
    case VL_KEY_OTHER:
      return g_strdup(k->syntax ? k->syntax : "see below");
  }
  g_free(r);
  return s;
}

void vl_keys_reference(const VlKey *rows, size_t n, const char *group, GString *out) {
  g_string_append_printf(out, "<!-- keys %s -->\n| key | value | default | what it does |\n|---|---|---|---|\n", group);
  for (size_t i = 0; i < n; i++) {
    const VlKey *k = &rows[i];
    if (strcmp(k->group, group) != 0) continue;
    char *type = show_type(k);
    char *def = k->required ? g_strdup("required")
                : k->shown  ? g_strdup(k->shown)
                : k->def    ? g_strdup_printf("`%s`", k->def)
                            : g_strdup("none");
    g_string_append_printf(out, "| `%s` | %s | %s | %s |\n", k->name, type, def, k->help);
    g_free(type);
    g_free(def);
  }
  g_string_append(out, "<!-- /keys -->\n");
}
