/* status: the kiosk's health file (`volante kiosk --status FILE`), a small
 * JSON object written whole (temporary file, fsync, rename: files.c) every
 * few seconds, for center staff and for monitoring: which volante and
 * content version runs, the languages shown and those that failed (with the
 * translator's file:line), the count of problems, how many frames were
 * drawn and when the last one was, the last reload and its result, opening
 * hours, uptime, the last bundle notice, and when the file was written.
 *
 * Privacy: nothing about visitors. Not the language or slide on screen, not
 * attract or browse mode, no touches, no counts of anything people did. The
 * only language tags are the lists of languages loaded and failed, which are
 * the content's, the same for every visitor, and the problems are those the
 * content had as it loaded (the show finds more as it composes the slides
 * people ask for, so those are left out).
 *
 * A write that fails (a full disk, a missing folder) is one line on stderr,
 * said once, and never stops the kiosk; the next writes are tried as usual,
 * and the first that works again says so in one line.
 */
#ifndef VOLANTE_STATUS_H
#define VOLANTE_STATUS_H

#include <glib.h>

#include "show.h"

/* How often the file is written, in ms of the kiosk's clock (simulated
 * under --headless). */
#define VL_STATUS_MS 5000.0

typedef struct VlStatus VlStatus;

/* The health file at PATH, or NULL when PATH is NULL. When PATH's folder
 * does not exist, says so in one line naming it; the kiosk goes on and
 * writes once it exists. Free with vl_status_free (NULL is fine). */
VlStatus *vl_status_new(const char *path);
void vl_status_free(VlStatus *st);

/* Notes FRAMES, the frames drawn so far, at NOW (the kiosk's clock, ms):
 * when it grew, NOW is the last frame's time. Called every turn of the
 * kiosk's loop. */
void vl_status_frames(VlStatus *st, double now, guint64 frames);

/* When the next write is due (the kiosk's clock, ms). */
double vl_status_due(const VlStatus *st);

/* A reload of the content at NOW: PROBLEM NULL when it loaded, else why
 * the last good content is kept. ST may be NULL. */
void vl_status_reloaded(VlStatus *st, double now, const char *problem);

/* SHOW (borrowed) has just loaded: its problems are counted now, before
 * any slide is drawn. Drawing a slide can find more (a font's fallback in
 * one language), and those would tell which languages visitors opened.
 * ST may be NULL. */
void vl_status_loaded(VlStatus *st, VlShow *show);

/* Writes the file now, at NOW: SHOW (borrowed) for the languages and
 * problems (as vl_status_loaded counted them), CONTENT_DIR for the installed bundle version,
 * HOURS "open", "closed" or "always", UPDATE the last bundle notice (NULL without
 * --updates, "" before any). The next write is due VL_STATUS_MS later. */
void vl_status_write(VlStatus *st, double now, VlShow *show, const char *content_dir, const char *hours,
                     const char *update);

/* The JSON vl_status_write writes (caller frees), for tests and for
 * reading without a file. */
char *vl_status_json(VlStatus *st, double now, VlShow *show, const char *content_dir, const char *hours,
                     const char *update);

#endif
