#include "kinds.h"

#include <string.h>

/* One row per kind of problem. The help line is read by translators and
 * organizers, most of them not programmers and many not at home in English:
 * short words, what it means, what to do. Keep rows grouped by who fixes it. */
static const VlKind kinds[] = {
    /* The command itself */
    {"request", VL_ERROR,
     "The command cannot run as asked: an unknown language, layout or paper, or content that cannot be read."},
    {"internal", VL_ERROR, "volante itself failed (a worker process stopped). Please report it with the command used."},
    {"output", VL_ERROR,
     "A file could not be written: check the folder exists, can be written to, and the disk has room."},

    /* Translators: the PO file and its entries */
    {"language", VL_ERROR,
     "The PO file's name is not a language code (name it like es.po, pt-BR.po or pt_BR.po), or two files are the "
     "same language (pt_BR.po and pt-BR.po): rename the file, or merge the two into one."},
    {"syntax", VL_ERROR,
     "The PO file cannot be read (for example a missing quote or msgstr). Nothing in it is used until it is fixed."},
    {"missing-translation", VL_ERROR, "This text is not translated yet. With --force the English is printed instead."},
    {"draft", VL_WARNING,
     "A draft (marked fuzzy): a native speaker should check it, then remove the fuzzy mark. Drafts print with a "
     "notice."},
    {"stale", VL_ERROR,
     "The English changed after this was translated. Update the PO file from the new template, then the translation."},
    {"plural", VL_ERROR,
     "The entry has plural forms (msgid_plural, msgstr[0], msgstr[1]...), but each text of volante has one form. "
     "Write it as one msgstr, as in volante.pot."},
    {"unknown-entry", VL_WARNING,
     "The PO file has an entry for a text the content does not have (renamed or removed): it is never printed. "
     "Update the PO file from the new volante.pot (msgmerge)."},
    {"markup", VL_ERROR,
     "The tags (<b>, <i>, <span>) are broken, so the text cannot print (an error); or they differ from the English "
     "(a warning: it prints as written). Keep the same tags around the same words where the language allows."},
    {"number", VL_ERROR,
     "A number of the English (10%, a year, a phone number) is missing or changed. Keep every number and percent sign, "
     "in 0-9 or in your language's own digits."},
    {"placeholder", VL_ERROR, "A {name} in curly brackets is filled in by volante: keep each one exactly as written."},
    {"control-character", VL_ERROR,
     "An invisible character that does not belong in a translation (U+001B from a terminal, a bidi override like "
     "U+202E that turns the text around): it prints wrongly or not at all. Delete it. The marks a language needs "
     "(U+200E, U+200F, U+061C, U+200C, U+200D) are fine."},
    {"format-character", VL_WARNING,
     "An invisible format character (U+FEFF, a tag character...) that is most often pasted in by mistake: delete it "
     "unless you know it is needed."},
    {"wrong-script", VL_WARNING,
     "Letters of a script the language is not written in (Cyrillic in Portuguese): pasted from another translation, "
     "or a look-alike letter."},
    {"orthography", VL_WARNING,
     "A common typing slip for this language (an apostrophe for a saltillo, Arabic letters in Persian, extra spaces)."},
    {"script", VL_WARNING,
     "Letters of a writing system the language does not use (Cyrillic in Portuguese): often text pasted by mistake."},

    /* Translators and designers: how the text prints */
    {"overflow", VL_ERROR,
     "The text does not fit its frame even at the smallest type size allowed: it needs a shorter wording."},
    {"shrunk", VL_WARNING,
     "The text fits only at a much smaller size than the English: it will look smaller than other languages."},
    {"missing-glyph", VL_ERROR,
     "No font has this character, so it would print as an empty box. Check the character, or add a font."},
    {"kept-word-split", VL_WARNING,
     "A line ends inside a word that the keep list (X-Volante-Keep) or a word joiner (U+2060) says to keep whole."},
    {"lonely-word", VL_WARNING, "A headline ends on one short word under longer lines, so it looks unbalanced."},
    {"no-face", VL_WARNING,
     "The language's script has no face of its own in volante's fonts (fonts/fonts.conf): its letters come from "
     "whatever font fontconfig finds."},
    {"fallback-font", VL_WARNING,
     "Some characters are printed in the font of another script, so they may look different from the text around "
     "them."},

    /* Organizers and designers: content and layouts */
    {"missing-content", VL_ERROR, "The layout shows a text the content (volante.ini) does not have."},
    {"event", VL_ERROR,
     "The [event] in volante.ini cannot print: a day or time that does not exist, an end before its start, a time "
     "zone that is not an IANA name, or a key the event does not take."},
    {"layout", VL_ERROR, "The layout file cannot be used: the message names the line and what is wrong."},
    {"image", VL_ERROR, "A picture of the layout cannot be read."},
    {"qr", VL_ERROR, "A QR code cannot be made from this address."},

    /* The print shop */
    {"small-text", VL_WARNING, "Text printed smaller than 6 pt is hard to read on paper."},
    {"trim-margin", VL_WARNING,
     "Something on a card is closer than 0.125 in to where it is cut: the cut may touch it. Give the layout a wider "
     "margin."},
    {"paper-edge", VL_WARNING,
     "Something is printed less than 0.25 in from the edge of the paper, where most office printers cannot print: "
     "it comes out cut off. Give the layout a wider margin."},
    {"rich-black", VL_WARNING,
     "Small dark text in a colour prints in four inks on a press (render --pdfx): plates a hair out of register "
     "blur it. Give text under 12 pt black or a gray, which print on the black plate alone."},
    {"image-resolution", VL_WARNING, "A picture has too few pixels for its printed size and will look blurry."},
    {"qr-size", VL_WARNING,
     "The little squares of this QR code are under 0.4 mm, too small for many phones to read. Make the code larger "
     "(qr= in the layout) or the address shorter."},
};

const VlKind *vl_kind_find(const char *name) {
  for (size_t i = 0; name && i < G_N_ELEMENTS(kinds); i++)
    if (!strcmp(kinds[i].name, name)) return &kinds[i];
  return NULL;
}

const VlKind *vl_kind_table(size_t *n) {
  *n = G_N_ELEMENTS(kinds);
  return kinds;
}
