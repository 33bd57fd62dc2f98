/* notify: the only libsystemd code. Under systemd (volante-kiosk.service,
 * Type=notify) the kiosk tells the service manager when its first frame is on
 * screen (READY=1) and that its frame loop still turns (WATCHDOG=1), so a
 * kiosk whose picture stopped is restarted. Outside systemd (NOTIFY_SOCKET
 * unset) every call does nothing. Holds no memory; not thread-safe (the kiosk
 * has one thread). */
#ifndef VOLANTE_NOTIFY_H
#define VOLANTE_NOTIFY_H

#include <glib.h>

/* READY=1, with a STATUS line for `systemctl status` (how many languages are
 * shown). Only the first call says it. */
void vl_notify_ready(guint langs);

/* WATCHDOG=1 when the service has a watchdog (WATCHDOG_USEC for this
 * process) and a quarter of its interval has passed since the last ping;
 * cheap enough to call every frame. */
void vl_notify_alive(void);

/* STOPPING=1: the kiosk is ending on purpose (SIGTERM, the admin chord). */
void vl_notify_stopping(void);

#endif
