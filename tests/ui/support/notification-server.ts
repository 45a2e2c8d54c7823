import { spawn } from 'node:child_process';
import type { TestDisplay } from './display.js';

/** A notification server on a test display's session bus, and what was sent to it. */
export interface NotificationServer {
  /** The server's process, whose bubbles are X windows on the display. */
  pid: number;
  /** Everything dbus-monitor saw on the notification interfaces so far. */
  busLog(): string;
  stop(): void;
}

/**
 * Starts GNOME's notification-daemon (a real org.freedesktop.Notifications
 * server that draws bubbles with action buttons) on the display, and
 * dbus-monitor watching both notification interfaces that GApplication may
 * use (org.gtk.Notifications when the Shell owns it, else the freedesktop one).
 */
export function startNotificationServer(display: TestDisplay): NotificationServer {
  const daemon = spawn('/usr/lib/notification-daemon/notification-daemon', ['--replace'], { env: display.env, stdio: 'ignore' });
  const monitor = spawn('dbus-monitor', ['--address', display.busAddress, "interface='org.freedesktop.Notifications'", "interface='org.gtk.Notifications'"], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const seen: string[] = [];
  monitor.stdout!.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
  return {
    pid: daemon.pid!,
    busLog: () => seen.join(''),
    stop: () => {
      monitor.kill('SIGTERM');
      daemon.kill('SIGTERM');
    },
  };
}
