/* cli: the commands of volante, in the modules that the program (front.c)
 * opens: volante-bundle.so for keygen and bundle, volante-cli.so for every
 * other command. Both are main.c and the core; volante-bundle.so adds
 * bundle.c (libsodium, libarchive).
 *
 * Why modules: the commands need Pango, Cairo, ICU, libqpdf (with GnuTLS
 * and libstdc++), lcms2, libqrencode and more, some fifty libraries whose
 * loading took 20 of the 30 ms of `volante --version`. The program links
 * GLib only, answers --version and a langs that nothing changed since
 * (answer.h) by itself, and opens a module for everything else (dlopen once,
 * the libraries loaded as before). libsodium, libarchive and their ten
 * libraries load only for the two commands that use them.
 */
#ifndef VOLANTE_CLI_H
#define VOLANTE_CLI_H

/* The modules' file names, beside the program in a build tree and under
 * libexec/volante when installed. */
#define VL_CLI_MODULE "volante-cli.so"
#define VL_BUNDLE_MODULE "volante-bundle.so"

/* Runs the command line ARGV (ARGC words, ARGV[0] the program) and returns
 * its exit status. ANSWER_KEY (borrowed, may be NULL) is answer.h's key for
 * this command line: a clean answer of `langs` is recorded under it. */
typedef int (*VlCliMain)(int argc, char **argv, const char *answer_key);
__attribute__((visibility("default"))) int vl_cli_main(int argc, char **argv, const char *answer_key);

#endif
