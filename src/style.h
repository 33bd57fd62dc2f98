/* style: how a run of text looks. Read from layout files (template.c),
 * used by the typesetter (typeset.c). */
#ifndef VOLANTE_STYLE_H
#define VOLANTE_STYLE_H

typedef enum { VL_ALIGN_START, VL_ALIGN_CENTER, VL_ALIGN_END } VlAlign;

typedef struct {
  char *name;
  char *family;        /* fontconfig family, usually "volante sans" */
  int weight;          /* PangoWeight value: 400 normal, 700 bold */
  int italic;          /* boolean */
  double size;         /* largest size, pt */
  double size_min;     /* smallest size the frame may shrink to, pt */
  double color[3];     /* 0..1 */
  VlAlign align;       /* start and end follow the text's direction */
  double line_spacing; /* factor of the font's line height; 0 = the font's own */
  double space_after;  /* em after each paragraph */
  int balance;         /* boolean: lines as even as the line count allows (headlines) */
  const char *tag;     /* the structure element of its paragraphs in a tagged PDF: P, H1, H2... (static) */
} VlStyle;

#endif
