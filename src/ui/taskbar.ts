import { _ } from '../core/index.js';
import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Adw, Gio, Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard } from './guard.js';

/** The Import button's arrow: its tooltip and accessible name. */
export const IMPORT_MENU_TOOLTIP = _('Import Files or a Folder');

export interface TaskbarActions {
  open(id: string): void;
  titleOf(id: string): string | undefined;
  ownedOf(id: string): boolean;
}

/**
 * The strip along the bottom of the window: pinned and recent documents on
 * the left, the workspace actions (new note, import, search, ask) on the
 * right. Action buttons name window actions, so shortcuts and buttons agree.
 */
export class Taskbar {
  readonly widget: GtkT.Box;
  private readonly documents: GtkT.Box;
  private readonly scroller: GtkT.ScrolledWindow;

  constructor(private readonly actions: TaskbarActions) {
    this.widget = new Gtk.Box({ orientation: Gtk.Orientation.HORIZONTAL, spacing: 6 });
    this.widget.addCssClass('taskbar');
    setAccessibleLabel(this.widget, _('Taskbar'));
    this.documents = new Gtk.Box({ orientation: Gtk.Orientation.HORIZONTAL, spacing: 4, hexpand: true });
    const scroller = (this.scroller = new Gtk.ScrolledWindow({ hexpand: true, vscrollbarPolicy: Gtk.PolicyType.NEVER, hscrollbarPolicy: Gtk.PolicyType.AUTOMATIC }));
    scroller.setChild(this.documents);
    scroller.setPropagateNaturalHeight(true);
    this.widget.append(scroller);
    this.widget.append(this.actionButton('document-new-symbolic', _('New Note'), 'win.new-note'));
    this.widget.append(this.importButton());
    this.widget.append(this.actionButton('system-search-symbolic', _('Search'), 'win.search'));
    this.widget.append(this.actionButton('chat-message-new-symbolic', _('Ask'), 'win.ask'));
  }

  /** Puts a status widget (e.g. indexing progress) between the documents and the action buttons. */
  addStatus(widget: GtkT.Widget): void {
    this.widget.insertChildAfter(widget, this.scroller);
  }

  /** Shows pinned documents, then recent ones not already pinned. */
  update(pinned: readonly string[], recent: readonly string[]): void {
    let child = this.documents.getFirstChild();
    while (child) {
      const next = child.getNextSibling();
      this.documents.remove(child);
      child = next;
    }
    const shown = new Set<string>();
    for (const [ids, isPinned] of [[pinned, true], [recent, false]] as const) {
      for (const id of ids) {
        const title = this.actions.titleOf(id);
        if (title === undefined || shown.has(id)) continue;
        shown.add(id);
        this.documents.append(this.documentButton(id, title, isPinned));
      }
    }
    if (shown.size === 0) {
      const hint = new Gtk.Label({ label: _('Opened documents appear here'), xalign: 0 });
      hint.addCssClass('dim-label');
      hint.addCssClass('caption');
      this.documents.append(hint);
    }
  }

  private documentButton(id: string, title: string, pinned: boolean): GtkT.Button {
    const box = new Gtk.Box({ spacing: 6 });
    const badge = new Gtk.Box({ valign: Gtk.Align.CENTER });
    badge.addCssClass('sovereignty-dot');
    badge.addCssClass(this.actions.ownedOf(id) ? 'owned' : 'external');
    box.append(badge);
    if (pinned) box.append(new Gtk.Image({ iconName: 'view-pin-symbolic', pixelSize: 12 }));
    const label = new Gtk.Label({ label: title, ellipsize: 3, maxWidthChars: 22 });
    box.append(label);
    const button = new Gtk.Button({ child: box, tooltipText: title });
    button.addCssClass('flat');
    button.addCssClass('taskbar-document');
    setAccessibleLabel(button, pinned ? _('Pinned: ') + title : title);
    button.on('clicked', guard('taskbar.open', undefined, () => this.actions.open(id)));
    return button;
  }

  /** Import: a click picks files; its arrow offers Import Folder… too (one GTK chooser cannot pick both). */
  private importButton(): AdwT.SplitButton {
    const menu = new Gio.Menu();
    menu.append(_('Import _Files…'), 'win.import');
    menu.append(_('Import F_older…'), 'win.import-folder');
    const content = new Gtk.Box({ spacing: 6 });
    content.append(new Gtk.Image({ iconName: 'document-open-symbolic' }));
    content.append(new Gtk.Label({ label: _('Import') }));
    const button = new Adw.SplitButton({ child: content, actionName: 'win.import', menuModel: menu, tooltipText: _('Import Files (Ctrl+O)'), dropdownTooltip: IMPORT_MENU_TOOLTIP });
    button.addCssClass('flat');
    setAccessibleLabel(button, _('Import'));
    // The arrow is a menu button inside the split button; a screen reader names it by its own label.
    for (let child = button.getFirstChild(); child; child = child.getNextSibling()) {
      if (child.getCssName() === 'menubutton') setAccessibleLabel(child, IMPORT_MENU_TOOLTIP);
    }
    return button;
  }

  private actionButton(icon: string, label: string, action: string): GtkT.Button {
    const content = new Gtk.Box({ spacing: 6 });
    content.append(new Gtk.Image({ iconName: icon }));
    content.append(new Gtk.Label({ label }));
    const button = new Gtk.Button({ child: content, actionName: action, tooltipText: label });
    button.addCssClass('flat');
    setAccessibleLabel(button, label);
    return button;
  }
}
