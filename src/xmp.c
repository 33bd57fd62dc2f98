#include "xmp.h"

static void prop(GString *s, const char *name, const char *value) {
  if (!value || !*value) return;
  char *v = g_markup_escape_text(value, -1);
  g_string_append_printf(s, "   <%s>%s</%s>\n", name, v, name);
  g_free(v);
}

/* "uuid:8-4-4-4-12" from 32 hex digits, SALT changing the last one (the
 * instance is not the document). */
static char *uuid(const char *id, int salt) {
  char h[33];
  g_strlcpy(h, id, sizeof h);
  if (salt) h[31] = "0123456789abcdef"[(g_ascii_xdigit_value(h[31]) + salt) & 15];
  return g_strdup_printf("uuid:%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
}

char *vl_xmp_packet(const VlXmp *x) {
  GString *s = g_string_new(
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      "  <rdf:Description rdf:about=\"\"\n"
      "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
      "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
      "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
      "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
      "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
      "    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n"
      "   <dc:format>application/pdf</dc:format>\n");
  if (x->title && *x->title) {
    char *t = g_markup_escape_text(x->title, -1);
    char *l = g_markup_escape_text(x->lang && *x->lang ? x->lang : "x-default", -1);
    g_string_append_printf(s,
                           "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li>"
                           "<rdf:li xml:lang=\"%s\">%s</rdf:li></rdf:Alt></dc:title>\n",
                           t, l, t);
    g_free(t);
    g_free(l);
  }
  prop(s, "xmp:CreatorTool", x->creator);
  prop(s, "pdf:Producer", x->producer);
  prop(s, "xmp:CreateDate", x->date);
  prop(s, "xmp:ModifyDate", x->date);
  prop(s, "xmp:MetadataDate", x->date);
  if (x->id) {
    char *doc = uuid(x->id, 0), *inst = uuid(x->id, 1);
    prop(s, "xmpMM:DocumentID", doc);
    prop(s, "xmpMM:InstanceID", inst);
    g_free(doc);
    g_free(inst);
  }
  if (x->pdfua) prop(s, "pdfuaid:part", "1");
  if (x->pdfx) {
    prop(s, "pdfxid:GTS_PDFXVersion", "PDF/X-4");
    prop(s, "pdf:Trapped", "False");
    prop(s, "xmpMM:VersionID", "1");
    prop(s, "xmpMM:RenditionClass", "default");
  }
  g_string_append(s, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
  return g_string_free(s, FALSE);
}
