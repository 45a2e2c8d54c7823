import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type { ModelListing } from '../ai/manager/model-library.js';
import type { SpeechModelOffer } from '../ai/manager/speech-model-offer.js';
import { formatBytes } from '../ai/registry/memory-watchdog.js';
import { _, format, isSovereignError } from '../core/index.js';
import { Adw, Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard, spawnTask } from './guard.js';
import { downloadProgressText } from './model-offer.js';
import type { UiModels } from './services.js';

/** Progress is redrawn at most this often: a chunk arrives every few ms on a fast link. */
const PROGRESS_REDRAW_MS = 150;

/** "Active · whisper tiny · multilingual · 77.6 MB": one speech model's line. */
export function describeSpeechListing(model: ModelListing): string {
  if (!model.speech) return [formatBytes(model.sizeBytes), model.problem ?? _('unreadable')].join(' · ');
  const parts = model.speech.active ? [_('Active')] : [];
  parts.push(format(_('whisper {size}'), { size: model.speech.size }), model.speech.multilingual ? _('multilingual') : _('English only'), formatBytes(model.sizeBytes));
  return parts.join(' · ');
}

/**
 * Preferences › Models › Speech Models: the installed whisper models, the
 * one `sovereign listen` and the microphone use marked Active, Make Active
 * and Remove (after asking, as for the other models); with none installed,
 * the download the catalog offers for this computer's RAM, which downloads
 * here with progress and Cancel (a cancelled download resumes next time).
 */
export class SpeechModelsGroup {
  readonly group: AdwT.PreferencesGroup;
  private rows: GtkT.Widget[] = [];
  private last: ModelListing[] = [];
  private offerRow: AdwT.ActionRow | undefined;
  private controller: AbortController | undefined;
  /** What the offer row says while and after downloading (it is rebuilt on every change). */
  private status: string | undefined;

  constructor(
    private readonly window: AdwT.PreferencesWindow,
    private readonly models: UiModels,
    private readonly confirmRemoval: (name: string) => void,
  ) {
    this.group = new Adw.PreferencesGroup({ title: _('Speech Models'), description: _('Turn what you say into text, on this computer. Used by the microphone button and "sovereign listen".') });
  }

  render(listing: ModelListing[]): void {
    this.last = listing;
    for (const row of this.rows) this.group.remove(row);
    const speech = listing.filter((model) => model.kind === 'speech');
    this.rows = speech.map((model) => this.modelRow(model));
    this.offerRow = undefined;
    if (speech.length === 0) {
      this.offerRow = this.offerRowFor();
      this.rows.push(this.offerRow);
    }
    for (const row of this.rows) this.group.add(row);
  }

  private modelRow(model: ModelListing): AdwT.ActionRow {
    const row = new Adw.ActionRow({ title: model.name, subtitle: describeSpeechListing(model) });
    if (model.speech && !model.speech.active) {
      const use = new Gtk.Button({ label: _('Make Active'), valign: Gtk.Align.CENTER });
      setAccessibleLabel(use, format(_('Make {name} the active speech model'), { name: model.name }));
      use.on('clicked', guard('prefs.speech.use', undefined, () => spawnTask('prefs.speech.use', () => this.models.setSpeechModel(model.name))));
      row.addSuffix(use);
    }
    const remove = new Gtk.Button({ iconName: 'user-trash-symbolic', valign: Gtk.Align.CENTER, tooltipText: _('Remove') });
    remove.addCssClass('flat');
    setAccessibleLabel(remove, format(_('Remove {name}'), { name: model.name }));
    remove.on('clicked', guard('prefs.speech.remove', undefined, () => this.confirmRemoval(model.name)));
    row.addSuffix(remove);
    return row;
  }

  /** The recommended download, or why there is none (as `sovereign models get` says it for chat models). */
  private offerRowFor(): AdwT.ActionRow {
    let offer: SpeechModelOffer | undefined;
    try {
      offer = this.models.speechOffer();
    } catch (error) {
      return new Adw.ActionRow({ title: _('The model catalog cannot be read'), subtitle: (error as Error).message });
    }
    if (!offer) {
      return new Adw.ActionRow({
        title: _('No speech model installed'),
        subtitle: _('The model catalog has no speech model to offer. Install a whisper.cpp model file with "sovereign models add FILE".'),
      });
    }
    const { entry } = offer;
    const row = new Adw.ActionRow({
      title: format(_('{title} (whisper {size})'), { title: entry.title, size: entry.size }),
      subtitle: this.status ?? format(_('{size}. {reason}'), { size: formatBytes(entry.sizeBytes), reason: offer.reason }),
    });
    const button = new Gtk.Button({ label: this.controller ? _('Cancel') : _('Download…'), valign: Gtk.Align.CENTER });
    if (!this.controller) button.addCssClass('suggested-action');
    setAccessibleLabel(button, this.controller ? _('Cancel the speech model download') : format(_('Download {title}'), { title: entry.title }));
    button.on('clicked', guard('prefs.speech.download', undefined, () => (this.controller ? this.controller.abort() : this.download(offer))));
    row.addSuffix(button);
    return row;
  }

  private show(status: string): void {
    this.status = status;
    this.offerRow?.setSubtitle(status);
  }

  private download(offer: SpeechModelOffer): void {
    const controller = new AbortController();
    this.controller = controller;
    this.status = _('Connecting…');
    this.render(this.last);
    const startedAt = performance.now();
    let firstByte: number | undefined;
    let lastRedraw = 0;
    spawnTask('prefs.speech.download', async () => {
      try {
        const installed = await this.models.downloadSpeech(offer.entry, {
          signal: controller.signal,
          onProgress: ({ receivedBytes, totalBytes }) => {
            firstByte ??= receivedBytes;
            const now = performance.now();
            if (now - lastRedraw < PROGRESS_REDRAW_MS && receivedBytes !== totalBytes) return;
            lastRedraw = now;
            this.show(downloadProgressText(receivedBytes, totalBytes, (receivedBytes - firstByte) / Math.max(0.001, (now - startedAt) / 1000)));
          },
        });
        this.status = undefined;
        this.window.addToast(new Adw.Toast({ title: format(_('{name} is installed and is the speech model.'), { name: installed.name }) }));
      } catch (error) {
        const hint = isSovereignError(error) && error.hint ? ` ${error.hint}` : '';
        this.status = isSovereignError(error, 'cancelled') ? _('The download was cancelled. Download again to continue where it stopped.') : format(_('The download failed: {message}'), { message: (error as Error).message }) + hint;
      } finally {
        this.controller = undefined;
        // After a failure the offer row shows why; after success the library's change re-lists the page.
        this.render(this.last);
      }
    });
  }
}
