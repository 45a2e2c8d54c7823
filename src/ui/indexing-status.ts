import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _, format } from '../core/index.js';
import { Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard } from './guard.js';
import type { UiIndexingState } from './services.js';

const PAUSE_TOOLTIP = _('Pause Indexing');
const RESUME_TOOLTIP = _('Resume Indexing');

/**
 * The taskbar's note while documents are embedded for search by meaning:
 * "Indexing 1,234 of 5,000 documents" and a pause toggle. Hidden when the
 * index is up to date, so it is seen only while it matters.
 */
export class IndexingStatus {
  readonly widget: GtkT.Box;
  private readonly label: GtkT.Label;
  private readonly toggle: GtkT.ToggleButton;
  private state: UiIndexingState | null = null;

  constructor(onPause: (paused: boolean) => void) {
    this.label = new Gtk.Label({ xalign: 0, label: '' });
    this.label.addCssClass('caption');
    this.label.addCssClass('dim-label');
    this.toggle = new Gtk.ToggleButton({ iconName: 'media-playback-pause-symbolic', tooltipText: PAUSE_TOOLTIP, valign: Gtk.Align.CENTER });
    this.toggle.addCssClass('flat');
    setAccessibleLabel(this.toggle, PAUSE_TOOLTIP);
    this.toggle.on('toggled', guard('indexing.pause', undefined, () => onPause(this.toggle.getActive())));
    this.widget = new Gtk.Box({ spacing: 4, visible: false, valign: Gtk.Align.CENTER });
    this.widget.append(this.label);
    this.widget.append(this.toggle);
  }

  update(state: UiIndexingState | null): void {
    this.state = state;
    const shown = state !== null && state.running;
    this.widget.setVisible(shown);
    if (!state || !shown) return;
    const numbers = { done: state.done.toLocaleString(), total: Math.max(state.total, state.done).toLocaleString() };
    this.label.setLabel(state.paused ? format(_('Indexing paused at {done} of {total} documents'), numbers) : format(_('Indexing {done} of {total} documents'), numbers));
    const tooltip = state.paused ? RESUME_TOOLTIP : PAUSE_TOOLTIP;
    this.toggle.setIconName(state.paused ? 'media-playback-start-symbolic' : 'media-playback-pause-symbolic');
    this.toggle.setTooltipText(tooltip);
    setAccessibleLabel(this.toggle, tooltip);
    // Follows the state without calling onPause again: set_active emits toggled only on a change.
    if (this.toggle.getActive() !== state.paused) this.toggle.setActive(state.paused);
  }

  /** For the test probe: what the status says. */
  get snapshot(): { visible: boolean; label: string; paused: boolean; state: UiIndexingState | null } {
    return { visible: this.widget.getVisible(), label: this.label.getLabel(), paused: this.toggle.getActive(), state: this.state };
  }
}
