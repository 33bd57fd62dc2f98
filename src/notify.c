#include "notify.h"

#include <systemd/sd-daemon.h>

#include "util.h"

static gboolean ready, checked;
static double interval_ms, last_ping;

void vl_notify_ready(guint langs) {
  if (ready) return;
  ready = TRUE;
  sd_notifyf(0, "READY=1\nSTATUS=showing %u language%s", langs, langs == 1 ? "" : "s");
}

void vl_notify_alive(void) {
  if (!checked) {
    /* WATCHDOG_USEC (and WATCHDOG_PID, when set, naming this process). */
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) interval_ms = (double)usec / 1000.0;
    checked = TRUE;
  }
  if (interval_ms <= 0) return;
  /* A quarter, not systemd's suggested half: one slow frame (a slide image
   * made from scratch, a content reload) must not make the ping late. */
  double now = vl_now_ms();
  if (last_ping > 0 && now - last_ping < interval_ms / 4) return;
  last_ping = now;
  sd_notify(0, "WATCHDOG=1");
}

void vl_notify_stopping(void) { sd_notify(0, "STOPPING=1"); }
