/* bundle: signed content bundles, for a kiosk that is changed from a USB
 * stick instead of over the network. A bundle (FILE.volante) is a tar
 * archive (libarchive) of three members: "volante-bundle" (format, version,
 * the signing key's ID), "content.tar" (the content folder: volante.ini,
 * PO files, images, and the layouts and fonts configuration when given) and
 * "signature" (Ed25519 through libsodium, over the header and a BLAKE2b-512
 * digest of content.tar). Nothing in a bundle is trusted before its
 * signature checks; nothing is unpacked before every name and size in it
 * has been checked. */
#ifndef VOLANTE_BUNDLE_H
#define VOLANTE_BUNDLE_H

#include <glib.h>

/* Limits checked before anything is unpacked (a "zip bomb" is refused from
 * the sizes its headers declare, and the data read is held to them). */
#define VL_BUNDLE_MAX_BYTES (64 * 1024 * 1024) /* the bundle file, and its files together */
#define VL_BUNDLE_MAX_FILE (16 * 1024 * 1024)
#define VL_BUNDLE_MAX_FILES 2000

/* Writes a new key pair: STEM.pub (public, give it to every kiosk) and
 * STEM.key (secret, mode 0600, keep it off the kiosk). Refuses to overwrite
 * either. FALSE with *err = "PATH: why". */
gboolean vl_bundle_keygen(const char *stem, GError **err);

/* Packs CONTENT_DIR (and LAYOUTS_DIR and FONTS_DIR under layouts/ and
 * fonts/ when not NULL), version VERSION (0: the time now, as
 * YYYYMMDDHHMMSS), signed with the secret key in KEY, into OUT (whole or not
 * at all). Links and special files are refused. FALSE with *err set. */
gboolean vl_bundle_pack(const char *content_dir, const char *layouts_dir, const char *fonts_dir, const char *key,
                        guint64 version, const char *out, GError **err);

/* Signs the LEN bytes of tar archive at PAYLOAD as version VERSION (0: now)
 * with the secret key in KEY into the bundle OUT. vl_bundle_pack's last
 * step; the tests use it to make bundles the packer never would. */
gboolean vl_bundle_sign(const guint8 *payload, gsize len, const char *key, guint64 version, const char *out,
                        GError **err);

/* Checks a staged content folder before it is installed (the kiosk loads it
 * as it would show it). FALSE with *err set refuses the bundle. */
typedef gboolean (*VlBundleCheck)(const char *dir, gpointer user, GError **err);

typedef struct VlUpdater VlUpdater;

/* Watches DROP (where a USB stick is mounted) for bundles signed by one of
 * the public keys in TRUSTED (paths, NULL-terminated) for CONTENT_DIR.
 * CHECK vets each unpacked bundle. NULL with *err set when a key cannot be
 * read. Free with vl_updater_free (NULL is fine). */
VlUpdater *vl_updater_new(const char *drop, const char *content_dir, char **trusted, VlBundleCheck check, gpointer user,
                          GError **err);
void vl_updater_free(VlUpdater *u);

/* Looks at DROP once: each *.volante not looked at before (by name, size
 * and time) is checked and, when it is good and newer than what is
 * installed, installed: unpacked beside CONTENT_DIR, then switched in with
 * one rename, the previous version kept beside it. TRUE when the content
 * changed (reload it). Each refusal is one line on stderr with its reason,
 * and the last one is kept for the screen (vl_updater_notice). The bundle
 * of the version installed, seen again (a stick left in at a restart), is
 * one line on stderr and no refusal. */
gboolean vl_updater_poll(VlUpdater *u);

/* The last refusal or installation, for a short admin notice ("" when
 * none). Owned by U. */
const char *vl_updater_notice(const VlUpdater *u);
/* The same in a sentence for center staff on the screen ("Content updated
 * to version N", "Update not installed: REASON"; "" when none), and in
 * *COUNT (may be NULL) how many there have been: a new notice, even one
 * with the same words, makes it grow. Owned by U. */
const char *vl_updater_screen_notice(const VlUpdater *u, guint *count);

/* The version installed in CONTENT_DIR (0 when it came from no bundle). */
guint64 vl_bundle_installed_version(const char *content_dir);

#endif
