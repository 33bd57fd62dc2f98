/* The program `volante`: --version, and `langs` when its last answer still
 * holds (answer.h), need GLib only; every other command is run by a module,
 * volante-cli.so or volante-bundle.so (cli.h says why). */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "answer.h"
#include "cli.h"
#include "heap.h"

/* The file NAME (a module, or the kiosk's program): under libexec/volante
 * when installed (a path from this program's folder, so a moved prefix still
 * works), else beside this program in a build tree; it must pass TEST. NULL
 * when neither is there; *expected is the installed path (caller frees). */
static char *find_part(const char *name, GFileTest test, char **expected) {
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  char *bin = exe ? g_path_get_dirname(exe) : g_strdup(".");
  char *installed = g_build_filename(bin, VOLANTE_LIBEXEC_FROM_BIN, name, NULL);
  char *paths[] = {g_canonicalize_filename(installed, NULL), g_build_filename(bin, name, NULL)};
  char *found = NULL;
  for (int i = 0; i < 2 && !found; i++)
    if (g_file_test(paths[i], test)) found = g_strdup(paths[i]);
  *expected = paths[0];
  g_free(paths[1]), g_free(installed), g_free(bin), g_free(exe);
  return found;
}

#ifdef VOLANTE_KIOSK_EXEC
/* `volante kiosk` is the program volante-kiosk (CMakeLists.txt says why).
 * The process stays the same (exec), as systemd's watchdog expects, and no
 * module is opened for it. */
static int exec_kiosk(char **argv) {
  char *expected = NULL, *kiosk = find_part("volante-kiosk", G_FILE_TEST_IS_EXECUTABLE, &expected);
  if (kiosk) {
    execv(kiosk, argv);
    fprintf(stderr, "volante kiosk: cannot start %s: %s\n", kiosk, g_strerror(errno));
  } else {
    fprintf(stderr, "volante kiosk: %s is missing (the kiosk program; reinstall volante)\n", expected);
  }
  g_free(kiosk), g_free(expected);
  return 2;
}
#endif

int main(int argc, char **argv) {
  if (argc >= 2 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
    printf("volante %s\n", VOLANTE_VERSION);
    return 0;
  }
#ifdef VOLANTE_KIOSK_EXEC
  if (argc >= 2 && !strcmp(argv[1], "kiosk")) return exec_kiosk(argv);
#endif
  gboolean bundles = argc >= 2 && (!strcmp(argv[1], "bundle") || !strcmp(argv[1], "keygen"));
  char *expected = NULL,
       *module = find_part(bundles ? VL_BUNDLE_MODULE : VL_CLI_MODULE, G_FILE_TEST_IS_REGULAR, &expected);
  if (!module) {
    fprintf(stderr, "volante: %s is missing (the rest of volante; reinstall volante)\n", expected);
    g_free(expected);
    return 2;
  }
  g_free(expected);
  char *key = argc >= 2 && !strcmp(argv[1], "langs") ? vl_answer_key(module, argc, argv) : NULL;
  if (key && vl_answer_replay(key)) {
    g_free(key), g_free(module);
    if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
    fprintf(stderr, "volante: cannot write the output: %s\n", g_strerror(errno));
    return 1;
  }
  vl_heap_prefer_huge(); /* before the module's libraries allocate anything */
  void *lib = dlopen(module, RTLD_LAZY | RTLD_LOCAL);
  VlCliMain run = NULL;
  if (lib) *(void **)&run = dlsym(lib, "vl_cli_main");
  if (!run) {
    fprintf(stderr, "volante: cannot open %s: %s (reinstall volante)\n", module, dlerror());
    return 2;
  }
  /* The module stays open until exit: its atexit handlers and threads need it. */
  int rc = run(argc, argv, key);
  g_free(key);
  g_free(module);
  return rc;
}
