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
  /** The document buttons shown, by documentKey(). */
  private readonly buttons = new Map<string, DocumentButton>();
  /** Shown while there is no document to show. */
  private readonly hint: GtkT.Label;
  /** Document buttons built since the start (for the test probe: a change of title builds none). */
  private made = 0;

  constructor(private readonly actions: TaskbarActions) {
    this.widget = new Gtk.Box({ orientation: Gtk.Orientation.HORIZONTAL, spacing: 6 });
    this.widget.addCssClass('taskbar');
    setAccessibleLabel(this.widget, _('Taskbar'));
    this.documents = new Gtk.Box({ orientation: Gtk.Orientation.HORIZONTAL, spacing: 4, hexpand: true });
    this.hint = new Gtk.Label({ label: _('Opened documents appear here'), xalign: 0 });
    this.hint.addCssClass('dim-label');
    this.hint.addCssClass('caption');
    this.documents.append(this.hint);
    const scroller = (this.scroller = new Gtk.ScrolledWindow({ hexpand: true, vscrollbarPolicy: Gtk.PolicyType.NEVER, hscrollbarPolicy: Gtk.PolicyType.AUTOMATIC }));
    scroller.setChild(this.documents);
    scroller.setPropagateNaturalHeight(true);
    this.widget.append(scroller);
    this.widget.append(this.actionButton('document-new-symbolic', _('New Note'), 'win.new-note'));
    this.widget.append(this.importButton());
    this.widget.append(this.actionButton('system-search-symbolic', _('Search'), 'win.search'));
    this.widget.append(this.actionButton('chat-message-new-symbolic', _('Ask'), 'win.ask'));
  }

  /** The document buttons' titles in order, and how many buttons were ever built, for the test probe. */
  get state(): { titles: string[]; buttonsMade: number } {
    const titles: string[] = [];
    for (let child = this.documents.getFirstChild(); child; child = child.getNextSibling()) {
      if (child !== this.hint && child instanceof Gtk.Button) titles.push((child as GtkT.Button).getTooltipText() ?? '');
    }
    return { titles, buttonsMade: this.made };
  }

  /** Puts a status widget (e.g. indexing progress) between the documents and the action buttons. */
  addStatus(widget: GtkT.Widget): void {
    this.widget.insertChildAfter(widget, this.scroller);
  }

  /**
   * Shows pinned documents, then recent ones not already pinned. Runs on
   * every document change (each autosave): the buttons shown already are
   * kept and only a changed title or kind is written to them, because
   * building every button again cost 56-87 ms of the main loop per save.
   */
  update(pinned: readonly string[], recent: readonly string[]): void {
    const wanted: DocumentButton[] = [];
    const shown = new Set<string>();
    for (const [ids, isPinned] of [[pinned, true], [recent, false]] as const) {
      for (const id of ids) {
        const title = this.actions.titleOf(id);
        if (title === undefined || shown.has(id)) continue;
        shown.add(id);
        const owned = this.actions.ownedOf(id);
        const key = documentKey(id, isPinned);
        const kept = this.buttons.get(key);
        if (kept) {
          kept.show(title, owned);
          wanted.push(kept);
        } else {
          const made = new DocumentButton(isPinned, () => this.actions.open(id));
          made.show(title, owned);
          this.made++;
          this.buttons.set(key, made);
          wanted.push(made);
        }
      }
    }
    const keep = new Set(wanted);
    for (const [key, button] of this.buttons) {
      if (keep.has(button)) continue;
      this.documents.remove(button.widget);
      this.buttons.delete(key);
    }
    // In order, moving only what is out of place (an opened document moves to the front of the recent ones).
    let previous: GtkT.Widget | null = null;
    for (const button of wanted) {
      if (button.widget.getParent() === null) this.documents.insertChildAfter(button.widget, previous);
      else if (button.widget.getPrevSibling() !== previous) this.documents.reorderChildAfter(button.widget, previous);
      previous = button.widget;
    }
    this.hint.setVisible(wanted.length === 0);
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

/** A pinned and a recent button of one document differ (the pin): each has its own key. */
function documentKey(id: string, pinned: boolean): string {
  return (pinned ? 'pinned:' : 'recent:') + id;
}

/** One document's button on the taskbar: its kind's dot, a pin when pinned, its title. */
class DocumentButton {
  readonly widget: GtkT.Button;
  private readonly badge: GtkT.Box;
  private readonly label: GtkT.Label;
  private title: string | undefined;
  private owned: boolean | undefined;

  constructor(
    private readonly pinned: boolean,
    open: () => void,
  ) {
    const box = new Gtk.Box({ spacing: 6 });
    this.badge = new Gtk.Box({ valign: Gtk.Align.CENTER });
    this.badge.addCssClass('sovereignty-dot');
    box.append(this.badge);
    if (pinned) box.append(new Gtk.Image({ iconName: 'view-pin-symbolic', pixelSize: 12 }));
    this.label = new Gtk.Label({ ellipsize: 3, maxWidthChars: 22 });
    box.append(this.label);
    this.widget = new Gtk.Button({ child: box });
    this.widget.addCssClass('flat');
    this.widget.addCssClass('taskbar-document');
    this.widget.on('clicked', guard('taskbar.open', undefined, open));
  }

  /** Writes the title and kind, when they differ from those shown. */
  show(title: string, owned: boolean): void {
    if (title !== this.title) {
      this.title = title;
      this.label.setLabel(title);
      this.widget.setTooltipText(title);
      setAccessibleLabel(this.widget, this.pinned ? _('Pinned: ') + title : title);
    }
    if (owned !== this.owned) {
      this.owned = owned;
      this.badge.removeCssClass(owned ? 'external' : 'owned');
      this.badge.addCssClass(owned ? 'owned' : 'external');
    }
  }
}
