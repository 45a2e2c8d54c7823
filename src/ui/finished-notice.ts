import { APP_ID } from '../core/index.js';
import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GioT from 'node-gtk/types/Gio-2.0.js';
import { Adw, Gio, GLib, Gtk } from './gi.js';

/** The application action that opens an exported file; D-Bus ActivateAction knows it by the same name. */
export const OPEN_EXPORTED_ACTION = 'open-exported';
/** The application action that opens a document by id (a summary's Open button); D-Bus ActivateAction knows it by the same name. */
export const OPEN_DOCUMENT_ACTION = 'open-document';

/** A button on a notice: an application action ("app.open-exported") and its string target. */
export interface NoticeButton {
  label: string;
  action: string;
  target: string;
}

/** What a long job (an export, a big import) says when it is done. */
export interface FinishedNotice {
  /** Stable per job, so a repeated job replaces its old notification instead of piling up. */
  id: string;
  title: string;
  /** Shown in the notification under the title; the toast shows only the title. */
  body: string;
  button?: NoticeButton;
}

export type NoticeShownAs = 'toast' | 'notification';

/**
 * Tells the person a long job finished, where they are looking: a toast in
 * the window while one of Sovereign's windows has the focus, otherwise a
 * desktop notification through the GApplication (org.gtk.Notifications
 * when the Shell owns it, else org.freedesktop.Notifications). The toast's
 * button and the notification's button and default action run the same
 * application action, so both open the file the same way.
 */
export function showFinishedNotice(application: AdwT.Application, toasts: AdwT.ToastOverlay, notice: FinishedNotice): NoticeShownAs {
  if (sovereignHasFocus()) {
    const toast = new Adw.Toast({ title: notice.title, timeout: 10 });
    if (notice.button) {
      toast.setButtonLabel(notice.button.label);
      toast.setActionName(notice.button.action);
      toast.setActionTargetValue(GLib.Variant.newString(notice.button.target));
    }
    toasts.addToast(toast);
    return 'toast';
  }
  sendDesktopNotification(application, notice);
  return 'notification';
}

/**
 * A desktop notification through the GApplication. Without a button, a
 * click on it activates the application (the window comes forward).
 */
export function sendDesktopNotification(application: AdwT.Application, notice: FinishedNotice): void {
  const notification = Gio.Notification.new(notice.title);
  notification.setBody(notice.body);
  if (notice.button) {
    const target = GLib.Variant.newString(notice.button.target);
    notification.setDefaultActionAndTarget(notice.button.action, target);
    notification.addButtonWithTarget(notice.button.label, notice.button.action, target);
  }
  // The Shell shows the app's icon and name from the desktop file with this id.
  notification.setIcon(Gio.ThemedIcon.new(APP_ID) as unknown as GioT.Icon);
  application.sendNotification(notice.id, notification);
}

/**
 * Whether the person is in Sovereign now: one of its windows has the focus.
 * Every toplevel counts, not only the application's windows: the export
 * dialog (which has the focus while an export runs) is transient for the
 * main window without being added to the application.
 */
export function sovereignHasFocus(): boolean {
  // The generated types declare the is-active property under the same name as
  // gtk_window_is_active(); at run time node-gtk binds the method.
  return Gtk.Window.listToplevels().some((window) => (window as unknown as { isActive(): boolean }).isActive());
}
