import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type { ChatModelOffer } from '../ai/manager/chat-model-offer.js';
import { formatBytes } from '../ai/registry/memory-watchdog.js';
import { _, createLogger, format, isSovereignError } from '../core/index.js';
import { Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard, spawnTask } from './guard.js';
import type { UiModels, UiServices } from './services.js';
import type { UiSettings } from './settings.js';

const log = createLogger('ui.model-offer');
/** Progress is redrawn at most this often: a chunk arrives every few ms on a fast link. */
const PROGRESS_REDRAW_MS = 150;

export const DOWNLOAD_LABEL = _('Download');
export const CANCEL_LABEL = _('Cancel');
export const NOT_NOW_LABEL = _('Not Now');

/** What the test probe reads of the offer. */
export interface ModelOfferState {
  visible: boolean;
  title: string;
  details: string;
  downloading: boolean;
  fraction: number;
  status: string;
  error: boolean;
}

/** "12.0 MB of 1.8 GB (1%), 3.2 MB/s": what a download has done so far. */
export function downloadProgressText(received: number, total: number | undefined, bytesPerSecond: number): string {
  const speed = format(_('{speed}/s'), { speed: formatBytes(bytesPerSecond) });
  if (total === undefined || total <= 0) return format(_('{received}, {speed}'), { received: formatBytes(received), speed });
  return format(_('{received} of {total} ({percent}%), {speed}'), { received: formatBytes(received), total: formatBytes(total), percent: Math.floor((received * 100) / total), speed });
}

/**
 * The card at the bottom of the window that offers a chat model when none
 * is installed: which one, how big and why that one for this computer, a
 * Download button that shows progress and becomes Cancel, and Not Now,
 * which hides it for good (Preferences › Models offers it again). Nothing
 * is downloaded until Download is clicked; a cancelled or failed download
 * keeps its partial file, and the next Download resumes it.
 */
export class ModelOfferCard {
  readonly widget: GtkT.Revealer;
  private readonly title: GtkT.Label;
  private readonly details: GtkT.Label;
  private readonly bar: GtkT.ProgressBar;
  private readonly status: GtkT.Label;
  private readonly download: GtkT.Button;
  private readonly notNow: GtkT.Button;
  private offer: ChatModelOffer | undefined;
  private controller: AbortController | undefined;
  private error = false;

  constructor(
    private readonly services: UiServices,
    private readonly settings: UiSettings,
    private readonly installed: (message: string) => void,
    private readonly changed: () => void,
  ) {
    this.title = new Gtk.Label({ xalign: 0, wrap: true });
    this.title.addCssClass('heading');
    this.details = new Gtk.Label({ xalign: 0, wrap: true, maxWidthChars: 52 });
    this.details.addCssClass('dim-label');
    this.bar = new Gtk.ProgressBar({ hexpand: true, visible: false });
    this.status = new Gtk.Label({ xalign: 0, wrap: true, maxWidthChars: 52, visible: false, selectable: true });
    this.status.addCssClass('caption');
    this.notNow = new Gtk.Button({ label: NOT_NOW_LABEL });
    this.notNow.on('clicked', guard('model-offer.not-now', undefined, () => this.dismiss()));
    this.download = new Gtk.Button({ label: DOWNLOAD_LABEL });
    this.download.addCssClass('suggested-action');
    this.download.on('clicked', guard('model-offer.download', undefined, () => (this.controller ? this.controller.abort() : this.start())));
    const buttons = new Gtk.Box({ orientation: Gtk.Orientation.HORIZONTAL, spacing: 8, halign: Gtk.Align.END });
    buttons.append(this.notNow);
    buttons.append(this.download);
    const card = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 8, marginTop: 16, marginBottom: 16, marginStart: 18, marginEnd: 18, widthRequest: 420 });
    for (const child of [this.title, this.details, this.bar, this.status, buttons]) card.append(child);
    // In the bottom corner, where it covers neither the empty state's buttons nor the middle of the timeline.
    const frame = new Gtk.Box({ halign: Gtk.Align.END, valign: Gtk.Align.END, marginBottom: 18, marginEnd: 18 });
    frame.addCssClass('card');
    frame.append(card);
    setAccessibleLabel(frame, _('Get a chat model'));
    this.widget = new Gtk.Revealer({ child: frame, revealChild: false, halign: Gtk.Align.END, valign: Gtk.Align.END, transitionType: Gtk.RevealerTransitionType.SLIDE_UP });
    // Its buttons are reported where they are only once the slide has ended.
    this.widget.on('notify::child-revealed', () => this.changed());
  }

  /** Shows the offer when no chat model is installed (and, unless asked from Preferences, it was not dismissed). */
  async check(fromPreferences = false): Promise<void> {
    const models = await this.services.models();
    if (!models) return;
    let offer: ChatModelOffer | undefined;
    try {
      offer = models.offer();
    } catch (error) {
      log.warn('no chat model can be offered', { error });
      if (fromPreferences) this.installed((error as Error).message);
      return;
    }
    if (!offer || (!fromPreferences && this.settings.modelOfferDismissed)) return;
    this.offer = offer;
    const { entry } = offer;
    this.title.setLabel(format(_('Get {title}, a chat model'), { title: entry.title }));
    this.details.setLabel(format(_('{quantization}, {size} to download. {reason}'), { quantization: entry.quantization, size: formatBytes(entry.sizeBytes), reason: offer.reason }));
    this.widget.setRevealChild(true);
    this.changed();
  }

  get state(): ModelOfferState {
    return {
      visible: this.widget.getRevealChild(),
      title: this.title.getLabel(),
      details: this.details.getLabel(),
      downloading: this.controller !== undefined,
      fraction: this.bar.getFraction(),
      status: this.status.getVisible() ? this.status.getLabel() : '',
      error: this.error,
    };
  }

  private dismiss(): void {
    this.controller?.abort();
    this.settings.modelOfferDismissed = true;
    this.widget.setRevealChild(false);
    this.changed();
  }

  private start(): void {
    const offer = this.offer;
    if (!offer) return;
    const controller = new AbortController();
    this.controller = controller;
    this.error = false;
    this.status.removeCssClass('error');
    this.download.setLabel(CANCEL_LABEL);
    this.download.removeCssClass('suggested-action');
    this.bar.setVisible(true);
    this.showStatus(_('Connecting…'));
    const startedAt = performance.now();
    let firstByte: number | undefined;
    let lastRedraw = 0;
    spawnTask('model-offer.download', async () => {
      try {
        const models = (await this.services.models()) as UiModels;
        const installed = await models.download(offer.entry, {
          signal: controller.signal,
          onProgress: ({ receivedBytes, totalBytes }) => {
            // Speed counts this session's bytes only: a resumed download starts with what it had.
            firstByte ??= receivedBytes;
            const now = performance.now();
            if (now - lastRedraw < PROGRESS_REDRAW_MS && receivedBytes !== totalBytes) return;
            lastRedraw = now;
            const seconds = Math.max(0.001, (now - startedAt) / 1000);
            this.bar.setFraction(totalBytes ? Math.min(1, receivedBytes / totalBytes) : 0);
            this.showStatus(downloadProgressText(receivedBytes, totalBytes, (receivedBytes - firstByte) / seconds));
          },
        });
        this.widget.setRevealChild(false);
        this.installed(format(_('{name} is installed and answers as the chat model.'), { name: installed.name }));
      } catch (error) {
        this.error = !isSovereignError(error, 'cancelled');
        if (this.error) this.status.addCssClass('error');
        // Nothing arrived (the server said no): an empty bar would suggest there is something to resume.
        if (this.bar.getFraction() === 0) this.bar.setVisible(false);
        const hint = isSovereignError(error) && error.hint ? ` ${error.hint}` : '';
        this.showStatus(this.error ? format(_('The download failed: {message}'), { message: (error as Error).message }) + hint : _('The download was cancelled. Download again to continue where it stopped.'));
      } finally {
        this.controller = undefined;
        this.download.setLabel(DOWNLOAD_LABEL);
        this.download.addCssClass('suggested-action');
        this.changed();
      }
    });
  }

  private showStatus(text: string): void {
    this.status.setLabel(text);
    this.status.setVisible(true);
    this.changed();
  }
}
