/* cli: the commands of volante, in the module volante-cli.so that the
 * program (front.c) opens.
 *
 * Why a module: render, check, bundle and the others need Pango, Cairo,
 * ICU, libqpdf (with GnuTLS and libstdc++), libarchive, libsodium, lcms2 and
 * libqrencode, some sixty libraries whose loading took 20 of the 30 ms of
 * `volante --version`. The program links GLib only, answers --version and a
 * langs that nothing changed since (answer.h) by itself, and opens the module
 * for everything else (dlopen once, the libraries loaded as before).
 */
#ifndef VOLANTE_CLI_H
#define VOLANTE_CLI_H

/* The module's file name, beside the program in a build tree and under
 * libexec/volante when installed. */
#define VL_CLI_MODULE "volante-cli.so"

/* Runs the command line ARGV (ARGC words, ARGV[0] the program) and returns
 * its exit status. ANSWER_KEY (borrowed, may be NULL) is answer.h's key for
 * this command line: a clean answer of `langs` is recorded under it. */
typedef int (*VlCliMain)(int argc, char **argv, const char *answer_key);
__attribute__((visibility("default"))) int vl_cli_main(int argc, char **argv, const char *answer_key);

#endif
