/* sigaction, setitimer: POSIX. */
#define _POSIX_C_SOURCE 200809L
#include "kiosk.h"

#include <SDL.h>
#include <gio/gio.h>
#include <malloc.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "bundle.h"
#include "diag.h"
#include "hours.h"
#include "kscript.h"
#include "lang.h"
#include "lastgood.h"
#include "notify.h"
#include "show.h"
#include "status.h"
#include "util.h"

#define SWIPE_SHARE 0.08 /* a drag longer than this share of the width is a swipe */
/* How often the drop folder is looked at: a stick is read within seconds. */
#define UPDATE_MS 2000.0
/* How long the staff notice of a bundle installed or refused stays on the
 * screen (the kiosk's clock): long enough to read twice, short enough that
 * visitors get the whole screen back soon. */
#define NOTICE_MS 15000.0
/* The window's loop waits this long for input at most, so that it turns
 * (pings systemd, looks at the clock, prepares a step) even when idle. */
#define IDLE_TURN_MS 40
/* No step of vl_kdraw_prefetch starts this close to the next thing the
 * kiosk does on its own (attract mode's next slide): a language's first
 * step can take 30 ms (its fonts opened), and that frame is not to wait. */
#define PREPARE_BEFORE_MS 100.0

struct VlKiosk {
  const VlKioskOptions *o;
  VlShow *show;
  VlKState *st;
  VlKDraw *draw;
  int lw, lh;           /* logical screen (after rotation) */
  int pw, ph;           /* physical screen */
  double hours_checked; /* on a screen: when the wall clock was last read */
  /* live reload */
  guint reload_source;
  VlUpdater *updater;  /* --updates: signed bundles from a USB stick */
  double next_update;  /* when to look at the drop folder again */
  guint notices;       /* the updater's notices already put on screen */
  double notice_until; /* when the notice on screen goes */
  /* --state: the last good copy of each translation, on disk */
  VlLastGood *lastgood;
  VlStatus *status; /* --status: the health file (status.h), or NULL */
  double input_ms;  /* >0: when the input being handled happened (vl_now_ms), if before now */
};

const VlKioskOptions *vl_kiosk_options(const VlKiosk *k) { return k->o; }
VlShow *vl_kiosk_show(const VlKiosk *k) { return k->show; }
VlKState *vl_kiosk_state(const VlKiosk *k) { return k->st; }
VlKDraw *vl_kiosk_draw(const VlKiosk *k) { return k->draw; }
const char *vl_kiosk_update_notice(const VlKiosk *k) { return k->updater ? vl_updater_notice(k->updater) : NULL; }

const char *vl_kiosk_notice(const VlKiosk *k, double *until) {
  if (until) *until = k->notice_until;
  return vl_kdraw_notice(k->draw, NULL);
}

/* The state as it was told: the language, the slide and what it is shown in. */
static void set_content(VlKiosk *k, int lang, int default_lang) {
  guint n = vl_show_langs(k->show);
  gboolean *rtl = g_new0(gboolean, MAX(n, 1));
  for (guint i = 0; i < n; i++) rtl[i] = vl_lang_rtl(vl_show_lang(k->show, i));
  vl_kstate_set_content(k->st, n, vl_show_slides(k->show), rtl, lang, default_lang);
  g_free(rtl);
}

/* ---------------------------------------------------------------- input */

/* A tap at (X, Y) of the viewer's screen: a language's button, else the
 * side of the screen (kstate knows which side reads on). */
static void tap(VlKiosk *k, double x, double y) {
  if (vl_kstate_closed(k->st)) return;
  int b = vl_kdraw_button_at(k->draw, x, y);
  if (b >= 0) {
    /* A switch is timed from the touch, not from when the loop read it. */
    double t = k->input_ms > 0 ? k->input_ms : vl_now_ms();
    if (vl_kstate_choose(k->st, (guint)b)) vl_kdraw_switch_started(k->draw, t);
  } else {
    vl_kstate_tap_side(k->st, x >= k->lw / 2.0);
  }
  vl_kdraw_follow(k->draw, k->st);
}

void vl_kiosk_swipe(VlKiosk *k, gboolean leftwards) {
  vl_kstate_swipe(k->st, leftwards);
  vl_kdraw_follow(k->draw, k->st);
}

/* Read as the viewer sees it, whatever --rotate: a drag across their screen
 * is a swipe, a short one a tap where it began, and a drag up or down
 * turns no page. */
void vl_kiosk_gesture(VlKiosk *k, double px1, double py1, double px2, double py2) {
  double x1, y1, x2, y2;
  vl_kdraw_to_viewer(k->draw, px1, py1, &x1, &y1);
  vl_kdraw_to_viewer(k->draw, px2, py2, &x2, &y2);
  double dx = x2 - x1, dy = y2 - y1, far = SWIPE_SHARE * k->lw;
  if (fabs(dx) > far && fabs(dx) > fabs(dy))
    vl_kiosk_swipe(k, dx < 0);
  else if (hypot(dx, dy) <= far)
    tap(k, x1, y1);
}

/* SDL key names: arrows, space and page keys browse. */
gboolean vl_kiosk_key(VlKiosk *k, gint32 code) {
  switch (code) {
    case SDLK_RIGHT:
    case SDLK_SPACE:
    case SDLK_PAGEDOWN:
    case SDLK_DOWN:
      vl_kstate_step(k->st, 1);
      break;
    case SDLK_LEFT:
    case SDLK_PAGEUP:
    case SDLK_UP:
    case SDLK_BACKSPACE:
      vl_kstate_step(k->st, -1);
      break;
    default:
      return FALSE;
  }
  vl_kdraw_follow(k->draw, k->st);
  return TRUE;
}

/* ---------------------------------------------------------------- opening hours */

/* The wall clock, seconds (hours.h): on a screen the real one, read each
 * time (it may be set, or change for summer time, while the kiosk runs);
 * headless, a script's simulated one, which its `clock` sets. */
static gint64 local_now(const VlKiosk *k) {
  if (!k->o->headless) return vl_hours_local_now();
  return vl_kstate_wall(k->st);
}

/* Runs --display-off or --display-on's command, without a shell, and does
 * not wait for it (GLib reaps it); a command that cannot start is logged. */
static void run_display(char **argv, const char *which) {
  GError *err = NULL;
  if (argv && !g_spawn_async(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err)) {
    fprintf(stderr, "volante kiosk: --display-%s: %s\n", which, err->message);
    g_error_free(err);
  }
}

/* Opens or closes with --hours. Closed, the kiosk draws nothing: the screen
 * is black and, with --display-off, the display is told to sleep; open
 * again, attract mode starts over in the default language, with every part
 * of the screen drawn anew. One line for the log each way (the center's
 * hours, nothing about anyone). */
static void check_hours(VlKiosk *k) {
  if (!k->o->hours) return;
  double now = vl_kstate_now(k->st);
  /* A screen reads the real clock once a second, not every frame. */
  if (!k->o->headless && k->hours_checked > 0 && now - k->hours_checked < 1000) return;
  k->hours_checked = MAX(now, 1);
  if (!vl_kstate_set_open(k->st, vl_hours_open(k->o->hours, local_now(k)))) return;
  if (vl_kstate_closed(k->st)) {
    vl_kdraw_dark(k->draw);
    fprintf(stderr, "volante kiosk: closed (outside --hours): the screen is black\n");
    run_display(k->o->display_off, "off");
  } else {
    fprintf(stderr, "volante kiosk: open (--hours)\n");
    run_display(k->o->display_on, "on");
    vl_kdraw_redraw(k->draw);
  }
}

/* ---------------------------------------------------------------- time */

static gboolean try_reload(gpointer p);

/* --status: the health file, when due or (NOW) at once. */
static void write_status(VlKiosk *k, gboolean now) {
  double t = vl_kstate_now(k->st);
  vl_status_frames(k->status, t, vl_kdraw_frames(k->draw));
  if (!k->status || (!now && t < vl_status_due(k->status))) return;
  const char *hours = !k->o->hours ? "always" : vl_kstate_closed(k->st) ? "closed" : "open";
  vl_status_write(k->status, t, k->show, k->o->content_dir, hours, k->updater ? vl_updater_notice(k->updater) : NULL);
}

/* A bundle installed or refused: its notice on screen for NOTICE_MS, then
 * gone (the log and --status keep it). */
static void show_notice(VlKiosk *k) {
  if (!k->updater) return;
  double now = vl_kstate_now(k->st);
  guint n;
  const char *text = vl_updater_screen_notice(k->updater, &n);
  if (n != k->notices) {
    k->notices = n;
    vl_kdraw_set_notice(k->draw, text);
    k->notice_until = now + NOTICE_MS;
    vl_kstate_invalidate(k->st);
  } else if (vl_kdraw_notice(k->draw, NULL) && now >= k->notice_until) {
    vl_kdraw_set_notice(k->draw, NULL);
    vl_kstate_invalidate(k->st);
  }
}

void vl_kiosk_tick(VlKiosk *k) {
  double now = vl_kstate_now(k->st);
  if (k->updater && now >= k->next_update) {
    k->next_update = now + UPDATE_MS;
    if (vl_updater_poll(k->updater)) try_reload(k);
  }
  show_notice(k);
  check_hours(k);
  write_status(k, FALSE);
  vl_kstate_tick(k->st);
  vl_kdraw_follow(k->draw, k->st);
}

/* When something next happens on its own, for the simulated clock. */
static double next_event(const VlKiosk *k) {
  double t = vl_kstate_next_event(k->st);
  if (k->status) t = MIN(t, vl_status_due(k->status));
  if (vl_kdraw_notice(k->draw, NULL)) t = MIN(t, k->notice_until);
  return k->updater ? MIN(t, k->next_update) : t;
}

/* The window's loop, idle with something left to prepare, turns once a
 * frame and makes one step of vl_kdraw_prefetch a turn: the simulated
 * clock gives the time from now to UNTIL as many steps. */
static void idle_until(VlKiosk *k, double until) {
  for (double t = vl_kstate_now(k->st); t < until && !vl_kstate_moving(k->st); t += VL_KSTATE_FRAME_MS) {
    if (!vl_kdraw_prefetch(k->draw, k->st)) break;
    vl_notify_alive(); /* each step as the window loop does: all of them may take seconds on a slow machine */
  }
}

void vl_kiosk_advance(VlKiosk *k, double target) {
  for (;;) {
    double t = next_event(k);
    idle_until(k, t <= target ? t - PREPARE_BEFORE_MS : target);
    if (t > target) break;
    vl_kstate_set_now(k->st, t);
    vl_kiosk_tick(k);
    if (vl_kstate_dirty(k->st)) vl_kdraw_compose(k->draw, k->st);
    vl_notify_alive();
  }
  vl_kstate_set_now(k->st, target);
  vl_kiosk_tick(k);
  if (vl_kstate_dirty(k->st)) vl_kdraw_compose(k->draw, k->st);
}

/* ---------------------------------------------------------------- reload */

/* One line per language the show left out or kept as it was, for the log
 * (journalctl): the translator's file:line and why. */
static void log_left_out(const VlShow *show) {
  VlDiag *d = vl_show_diag(show);
  for (guint i = 0; i < vl_diag_len(d); i++) {
    const VlProblem *p = vl_diag_get(d, i);
    if (p->severity == VL_ERROR) fprintf(stderr, "volante kiosk: %s:%d: %s\n", p->file, p->line, p->message);
  }
}

/* A bundle is installed only when its content loads as this kiosk would
 * show it, with no error in any language. */
static gboolean check_bundle(const char *dir, gpointer p, GError **err) {
  VlKiosk *k = p;
  VlShow *s = vl_show_load(dir, k->o->layouts_dir, k->o->fonts_dir, k->o->langs, k->lw, k->lh, NULL, err);
  if (!s) return FALSE;
  VlDiag *d = vl_show_diag(s);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < vl_diag_len(d); i++) {
    const VlProblem *pr = vl_diag_get(d, i);
    if (pr->severity != VL_ERROR) continue;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "its content has errors: %s:%d: %s", pr->file, pr->line,
                pr->message);
    ok = FALSE;
  }
  vl_show_free(s);
  return ok;
}

static gboolean try_reload(gpointer p) {
  VlKiosk *k = p;
  k->reload_source = 0;
  GError *err = NULL;
  /* The new show owns its problem list; the old one, with everything that
   * points into it, goes as a whole below. */
  VlShow *fresh = vl_lastgood_load(k->lastgood, k->o->content_dir, k->o->layouts_dir, k->o->fonts_dir, k->o->langs,
                                   k->lw, k->lh, k->show, &err);
  if (!fresh) {
    /* Keep showing the last good content; one line for the log. */
    fprintf(stderr, "volante kiosk: %s (keeping the last good content)\n", err->message);
    vl_status_reloaded(k->status, vl_kstate_now(k->st), err->message);
    write_status(k, TRUE);
    g_error_free(err);
    return G_SOURCE_REMOVE;
  }
  log_left_out(fresh);
  vl_status_loaded(k->status, fresh);
  /* The language shown and the default one stay, found by their tags. */
  const char *tag = vl_lang_tag(vl_show_lang(k->show, vl_kstate_lang(k->st)));
  const char *def = vl_lang_tag(vl_show_lang(k->show, vl_kstate_default_lang(k->st)));
  int lang = vl_show_lang_index(fresh, tag), dl = vl_show_lang_index(fresh, def);
  vl_kdraw_set_show(k->draw, fresh);
  vl_show_free(k->show);
  k->show = fresh;
  set_content(k, lang, dl);
  vl_kdraw_follow(k->draw, k->st);
  fprintf(stderr, "volante kiosk: content reloaded\n");
  vl_status_reloaded(k->status, vl_kstate_now(k->st), NULL);
  write_status(k, TRUE);
  return G_SOURCE_REMOVE;
}

void vl_kiosk_reload(VlKiosk *k) {
  if (k->reload_source) g_source_remove(k->reload_source);
  k->reload_source = 0;
  try_reload(k);
}

static void on_change(GFileMonitor *m, GFile *f, GFile *o, GFileMonitorEvent ev, gpointer p) {
  (void)m, (void)f, (void)o;
  VlKiosk *k = p;
  if (ev == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED) return;
  if (k->reload_source) g_source_remove(k->reload_source);
  k->reload_source = g_timeout_add(150, try_reload, k);
}

static GPtrArray *watch_content(VlKiosk *k) {
  GPtrArray *mons = g_ptr_array_new_with_free_func(g_object_unref);
  char *dirs[] = {g_strdup(k->o->content_dir), g_build_filename(k->o->content_dir, "po", NULL),
                  g_build_filename(k->o->layouts_dir, "kiosk", NULL)};
  for (int i = 0; i < 3; i++) {
    GFile *f = g_file_new_for_path(dirs[i]);
    GFileMonitor *m = g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
    g_object_unref(f);
    g_free(dirs[i]);
    if (!m) continue;
    g_signal_connect(m, "changed", G_CALLBACK(on_change), k);
    g_ptr_array_add(mons, m);
  }
  return mons;
}

/* ---------------------------------------------------------------- SDL window */

/* SIGTERM (systemctl stop) and SIGINT end the window's loop at its next turn
 * (40 ms at most). Should that turn be stuck (a content reload on a slow
 * machine, a driver), the timer the signal starts ends the process 0.8 s
 * later all the same: a stop always takes less than a second. Only async-signal-safe
 * calls in the handlers. */
static volatile sig_atomic_t stop_asked;

static void on_stop_late(int sig) {
  (void)sig;
  _exit(0);
}

static void on_stop(int sig) {
  (void)sig;
  if (stop_asked) return; /* a second signal does not put the timer off */
  stop_asked = 1;
  struct itimerval late = {{0, 0}, {0, 800000}};
  setitimer(ITIMER_REAL, &late, NULL);
}

static void catch_stop(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_stop_late;
  sigaction(SIGALRM, &sa, NULL);
  sa.sa_handler = on_stop;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
}

static int run_window(VlKiosk *k, SDL_Window *win) {
  SDL_Renderer *ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_PRESENTVSYNC);
  if (!ren) ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
  SDL_Texture *tex =
      ren ? SDL_CreateTexture(ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, k->pw, k->ph) : NULL;
  if (!tex) {
    fprintf(stderr, "volante kiosk: cannot draw to the display: %s\n", SDL_GetError());
    return 2;
  }
  double start = vl_now_ms();
  double down_x = -1, down_y = -1;
  gboolean quit = FALSE;
  vl_kstate_invalidate(k->st); /* the first frame, on screen at once */
  catch_stop();
  gboolean preparing = FALSE; /* vl_kdraw_prefetch may have more to do */
  while (!quit && !stop_asked) {
    SDL_Event e;
    gboolean busy = vl_kstate_dirty(k->st) || vl_kstate_moving(k->st);
    /* Idle, the loop turns once a frame while there is something to
     * prepare (a step a turn, so that input never waits long), else when
     * input comes or IDLE_TURN_MS at most. */
    int wait = busy ? 0 : preparing ? (int)VL_KSTATE_FRAME_MS : IDLE_TURN_MS;
    int have = wait ? SDL_WaitEventTimeout(&e, wait) : SDL_PollEvent(&e);
    while (have) {
      double ux = -1, uy = -1;
      Uint32 at = 0; /* SDL's clock (ms) */
      switch (e.type) {
        case SDL_KEYDOWN: {
          Uint16 mod = e.key.keysym.mod;
          /* The one way out, for the person who looks after the kiosk. */
          if (k->o->admin_quit && e.key.keysym.sym == SDLK_q && (mod & KMOD_CTRL) && (mod & KMOD_ALT))
            quit = TRUE;
          else
            vl_kiosk_key(k, e.key.keysym.sym);
          break;
        }
        case SDL_MOUSEBUTTONDOWN:
          if (e.button.which != SDL_TOUCH_MOUSEID) down_x = e.button.x, down_y = e.button.y;
          break;
        case SDL_MOUSEBUTTONUP:
          if (e.button.which != SDL_TOUCH_MOUSEID) ux = e.button.x, uy = e.button.y, at = e.button.timestamp;
          break;
        case SDL_FINGERDOWN:
          down_x = e.tfinger.x * k->pw, down_y = e.tfinger.y * k->ph;
          break;
        case SDL_FINGERUP:
          ux = e.tfinger.x * k->pw, uy = e.tfinger.y * k->ph, at = e.tfinger.timestamp;
          break;
        case SDL_WINDOWEVENT:
          vl_kstate_invalidate(k->st);
          break;
        default:
          break; /* SDL_QUIT included: a kiosk does not close */
      }
      if (ux >= 0 && down_x >= 0) {
        /* When the finger left the screen, on vl_now_ms's clock. */
        Uint32 ago = SDL_GetTicks() - at;
        k->input_ms = at && ago < 60000 ? vl_now_ms() - ago : 0;
        vl_kiosk_gesture(k, down_x, down_y, ux, uy);
        k->input_ms = 0;
        down_x = down_y = -1;
      }
      have = SDL_PollEvent(&e);
    }
    while (g_main_context_iteration(NULL, FALSE)) {
    }
    vl_kstate_set_now(k->st, vl_now_ms() - start);
    vl_kiosk_tick(k);
    busy = vl_kstate_dirty(k->st) || vl_kstate_moving(k->st);
    preparing = !busy && next_event(k) - vl_kstate_now(k->st) > PREPARE_BEFORE_MS && vl_kdraw_prefetch(k->draw, k->st);
    if (busy) {
      vl_kdraw_compose(k->draw, k->st);
      cairo_surface_t *out = vl_kdraw_out(k->draw);
      SDL_UpdateTexture(tex, NULL, cairo_image_surface_get_data(out), cairo_image_surface_get_stride(out));
      SDL_RenderClear(ren);
      SDL_RenderCopy(ren, tex, NULL, NULL);
      SDL_RenderPresent(ren);
      vl_notify_ready(vl_show_langs(k->show));
    }
    /* Every turn of the loop (40 ms at most, waiting for input): a loop that
     * stops turning stops the pings, and systemd restarts the kiosk. */
    vl_notify_alive();
  }
  vl_notify_stopping();
  SDL_DestroyTexture(tex);
  SDL_DestroyRenderer(ren);
  return 0;
}

/* ---------------------------------------------------------------- start */

/* SDL's drivers that draw nowhere a person can see: with nothing else, SDL
 * 2.26 falls back to "offscreen", and a kiosk would run with a blank screen
 * and say nothing. */
static gboolean shows_nothing(const char *driver) {
  static const char *const blind[] = {"offscreen", "dummy", "evdev"};
  for (size_t i = 0; driver && i < G_N_ELEMENTS(blind); i++)
    if (!g_ascii_strcasecmp(driver, blind[i])) return TRUE;
  return FALSE;
}

/* Whether a Wayland compositor can be reached as libwayland looks for one
 * (WAYLAND_SOCKET, WAYLAND_DISPLAY, or wayland-0 in XDG_RUNTIME_DIR): SDL's
 * Wayland driver is not tried otherwise, since libwayland prints its own
 * error line when it cannot even look. */
static gboolean wayland_reachable(void) {
  const char *sock = g_getenv("WAYLAND_SOCKET"), *disp = g_getenv("WAYLAND_DISPLAY");
  const char *run = g_getenv("XDG_RUNTIME_DIR");
  if ((sock && *sock) || (disp && *disp)) return TRUE;
  if (!run || !*run) return FALSE;
  char *path = g_build_filename(run, "wayland-0", NULL);
  gboolean there = g_file_test(path, G_FILE_TEST_EXISTS);
  g_free(path);
  return there;
}

/* SDL's video, on a driver that shows something: the one SDL_VIDEODRIVER
 * names, else the first of X11, Wayland and KMS/DRM that opens. FALSE after
 * one line saying there is no display (SDL is then shut down). */
static gboolean open_video(void) {
  const char *asked = g_getenv("SDL_VIDEODRIVER");
  gboolean ok = SDL_Init(SDL_INIT_EVENTS) == 0;
  if (ok && asked && *asked) {
    ok = SDL_InitSubSystem(SDL_INIT_VIDEO) == 0;
  } else if (ok) {
    ok = FALSE;
    for (int i = 0; !ok && i < SDL_GetNumVideoDrivers(); i++) {
      const char *d = SDL_GetVideoDriver(i);
      if (shows_nothing(d) || (!g_ascii_strcasecmp(d, "wayland") && !wayland_reachable())) continue;
      SDL_SetHint(SDL_HINT_VIDEODRIVER, d);
      ok = SDL_InitSubSystem(SDL_INIT_VIDEO) == 0;
    }
  }
  if (ok && shows_nothing(SDL_GetCurrentVideoDriver())) {
    fprintf(stderr, "volante kiosk: SDL_VIDEODRIVER=%s shows nothing on any screen (--headless runs with no display)\n",
            asked);
    ok = FALSE;
  } else if (!ok && asked && *asked) {
    fprintf(stderr, "volante kiosk: no display to show on: SDL_VIDEODRIVER=%s: %s\n", asked, SDL_GetError());
  } else if (!ok) {
    fprintf(stderr,
            "volante kiosk: no display to show on: no X11 or Wayland session (DISPLAY, WAYLAND_DISPLAY) and "
            "no screen through KMS/DRM (/dev/dri)\n");
  }
  if (!ok) SDL_Quit();
  return ok;
}

int vl_kiosk_run(const VlKioskOptions *o) {
#ifdef __GLIBC__
  /* Slide images come and go in megabytes; glibc would otherwise raise its
   * mmap threshold after the first free and keep them in a heap that only
   * grows. Large blocks straight from and back to the system keep the
   * kiosk's memory flat over days of use. */
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
  VlKiosk k = {0};
  k.o = o;
  SDL_Window *win = NULL;
  int rc = 0;
  if (o->headless) {
    /* No window: SDL only names the keys of the script. */
    k.pw = o->width, k.ph = o->height;
  } else {
    /* Keep the screen awake and draw on whatever the machine has: X11,
     * Wayland, or the console through KMS/DRM (SDL picks). */
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    /* SDL would turn SIGTERM into a window-close event, which a kiosk ignores;
     * volante handles the signals itself so that systemd can stop it. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    /* Desktop shortcuts (Alt+Tab, Super, Ctrl+Alt+arrows) must not leave
     * the kiosk: its window takes the whole keyboard (an X11 keyboard grab,
     * Wayland's keyboard-shortcuts-inhibit), so only Ctrl+Alt+Q ends it. */
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    if (!open_video()) return 2;
    SDL_DisplayMode mode;
    if (o->width > 0) {
      k.pw = o->width, k.ph = o->height;
    } else if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
      k.pw = mode.w, k.ph = mode.h;
    } else {
      k.pw = 1920, k.ph = 1080;
    }
    win = SDL_CreateWindow("volante", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, k.pw, k.ph,
                           o->width > 0 && g_getenv("VOLANTE_WINDOWED") ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
    if (!win) {
      fprintf(stderr, "volante kiosk: cannot open a window: %s\n", SDL_GetError());
      SDL_Quit();
      return 2;
    }
    SDL_SetWindowKeyboardGrab(win, SDL_TRUE);
    SDL_GetWindowSize(win, &k.pw, &k.ph);
    SDL_ShowCursor(SDL_DISABLE);
    SDL_DisableScreenSaver();
  }
  gboolean turned = o->rotate == 90 || o->rotate == 270;
  k.lw = turned ? k.ph : k.pw, k.lh = turned ? k.pw : k.ph;
  GError *err = NULL;
  k.lastgood = vl_lastgood_new(o->state_dir);
  k.show = vl_lastgood_load(k.lastgood, o->content_dir, o->layouts_dir, o->fonts_dir, o->langs, k.lw, k.lh, NULL, &err);
  if (!k.show) {
    fprintf(stderr, "volante kiosk: %s\n", err->message);
    g_error_free(err);
    rc = 2;
    goto out;
  }
  log_left_out(k.show);
  if (o->updates) {
    k.updater = vl_updater_new(o->updates, o->content_dir, o->trust, check_bundle, &k, &err);
    if (!k.updater) {
      fprintf(stderr, "volante kiosk: %s\n", err->message);
      g_error_free(err);
      rc = 2;
      goto out;
    }
  }
  k.status = vl_status_new(o->status);
  vl_status_loaded(k.status, k.show);
  k.draw = vl_kdraw_new(k.show, k.pw, k.ph, o->rotate, o->start_ms);
  /* Attract mode, from the first slide of the first language. */
  k.st = vl_kstate_new(o->idle_s * 1000.0, o->hours != NULL);
  set_content(&k, 0, 0);
  vl_kstate_set_wall(k.st, vl_hours_local_now()); /* headless: until a script's `clock` */
  check_hours(&k);
  vl_kstate_invalidate(k.st);
  vl_kdraw_compose(k.draw, k.st);
  write_status(&k, TRUE); /* the first frame is composed */
  /* Headless, the first frame is composed: under a NOTIFY_SOCKET (a test)
   * it says so as the window does once the frame is on screen. */
  if (o->headless) vl_notify_ready(vl_show_langs(k.show));
  /* A script on standard input comes from a program that edits the content
   * and says when to read it again (`reload`): no file monitors. */
  GPtrArray *monitors = o->headless && !strcmp(o->script, "-") ? NULL : watch_content(&k);
  rc = o->headless ? vl_kscript_run(&k) : run_window(&k, win);
  if (monitors) g_ptr_array_free(monitors, TRUE);
  if (k.reload_source) g_source_remove(k.reload_source);
  if (o->stats) vl_kdraw_print_stats(k.draw);
out:
  vl_kdraw_free(k.draw);
  vl_kstate_free(k.st);
  vl_show_free(k.show);
  vl_updater_free(k.updater);
  vl_lastgood_free(k.lastgood);
  vl_status_free(k.status);
  if (win) SDL_DestroyWindow(win);
  if (!o->headless) SDL_Quit();
  return rc;
}
