import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { meterFraction, type AudioLevel } from '../voice/audio-level.js';
import { Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';

/**
 * Redrawing for every 10 ms chunk would cost the main loop ~100 layouts a
 * second for nothing the eye can follow; ~30 per second looks continuous.
 */
const FRAME_MS = 33;
/** How fast the bar falls back when the sound stops, per frame: a meter that snaps to zero flickers between syllables. */
const FALL_PER_FRAME = 0.08;

/** A microphone level meter: a GtkLevelBar from silence (0) to full scale (1), fed one AudioLevel per audio chunk. */
export class LevelMeter {
  readonly widget: GtkT.LevelBar;
  private loudest = 0;
  private lastDrawn = 0;

  constructor(label: string) {
    this.widget = new Gtk.LevelBar({ minValue: 0, maxValue: 1, value: 0, hexpand: true, valign: Gtk.Align.CENTER });
    this.widget.setSizeRequest(160, -1);
    setAccessibleLabel(this.widget, label);
  }

  show(level: AudioLevel): void {
    this.loudest = Math.max(this.loudest, meterFraction(level.rmsDbfs));
    const now = performance.now();
    if (now - this.lastDrawn < FRAME_MS) return;
    this.lastDrawn = now;
    const shown = Math.max(this.loudest, this.widget.getValue() - FALL_PER_FRAME);
    this.widget.setValue(Math.min(1, Math.max(0, shown)));
    this.loudest = 0;
  }

  reset(): void {
    this.loudest = 0;
    this.widget.setValue(0);
  }
}
