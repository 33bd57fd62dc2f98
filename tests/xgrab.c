/* xgrab: whether this X client can grab the keyboard, for the kiosk's
 * keyboard-grab test (t_lockdown.py): prints "GrabSuccess" or
 * "AlreadyGrabbed" (or another XGrabKeyboard status), exit 0; exit 2 when
 * the display cannot be opened. Built only for the tests, with Xlib. */
#include <X11/Xlib.h>
#include <stdio.h>

int main(void) {
  Display *d = XOpenDisplay(NULL);
  if (!d) {
    fprintf(stderr, "xgrab: cannot open the display\n");
    return 2;
  }
  int st = XGrabKeyboard(d, DefaultRootWindow(d), False, GrabModeAsync, GrabModeAsync, CurrentTime);
  const char *names[] = {"GrabSuccess", "AlreadyGrabbed", "GrabInvalidTime", "GrabNotViewable", "GrabFrozen"};
  printf("%s\n", st >= 0 && st <= 4 ? names[st] : "unknown");
  if (st == GrabSuccess) XUngrabKeyboard(d, CurrentTime);
  XCloseDisplay(d);
  return 0;
}
