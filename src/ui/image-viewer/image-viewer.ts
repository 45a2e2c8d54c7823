import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _, asSovereignError, createLogger, format, resolvePaths } from '../../core/index.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_SIDE, decodeImageToFile, imageFileOf, sharedDecoderProcess, type DecodedImageFile } from '../../skills/core/image-viewer/index.js';
import { Adw, Gdk, GLib, Gsk, Gtk } from '../gi.js';
import { setAccessibleLabel } from '../accessible.js';
import { afterNextPaint } from '../editor/after-next-paint.js';
import { guard } from '../guard.js';
import { metadataRows, type MetadataRow } from './metadata-rows.js';
import { ZOOM_STEP, actualSizeZoom, fitView, rotateClockwise, viewTransform, zoomAt, type ImageView, type Size } from './view-geometry.js';

const log = createLogger('image-viewer');

/** What the viewer shows, for the test probe. */
export interface ImageViewerState {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  zoom: number;
  /** The zoom as the toolbar shows it: a percentage of the original's size. */
  zoomLabel: string;
  rotation: number;
  panX: number;
  panY: number;
  fitted: boolean;
  metadataVisible: boolean;
  metadata: Record<string, string>;
  sensitive: string[];
  /** The pixels on screen: the screen-sized preview, then, once zoomed in past it, the full rendition (longest side up to 4096). */
  detail: 'preview' | 'full' | null;
  rendition: Size | null;
  /** The decoder process that decoded them (the same warm one for every image, until it dies). */
  decoderPid: number | null;
  /** From the viewer's creation to the first frame painted with the picture (the preview), and with the full rendition (ms; null until it was needed). */
  usableMs: number | null;
  fullMs: number | null;
}

/** A wheel notch zooms less than a key press: a spun wheel sends many. */
const WHEEL_STEP = 1.1;
/** The properties side panel: wide enough for a camera model or a coordinate pair on one line. */
const METADATA_WIDTH = 210;
/**
 * The preview's longest side is the viewport's in device pixels, but never
 * less than this: a panel opened small and then enlarged should not look
 * blurry while the full rendition is still decoding.
 */
const MIN_PREVIEW_SIDE = 1024;

/**
 * The image viewer of an image document in the floating panel: the picture
 * decoded in a worker (a spinner meanwhile, the loop never blocks), zoom by
 * wheel, pinch, +/- keys and buttons, pan by dragging, fit, actual size
 * (1:1 device pixels), quarter-turn rotation of the view, and a metadata
 * side panel. The texture is made once per decoded image: GTK draws it
 * through a transform, never a new texture per frame.
 */
export class ImageViewer {
  readonly widget: GtkT.Box;
  private readonly stage: GtkT.Overlay;
  private readonly fixed: GtkT.Fixed;
  private readonly picture: GtkT.Picture;
  private readonly spinner: GtkT.Spinner;
  private readonly zoomLabel: GtkT.Label;
  private readonly revealer: GtkT.Revealer;
  private infoButton: GtkT.ToggleButton | null = null;
  private readonly toolbarBox: GtkT.Box;
  private readonly metadataBox: GtkT.Box;
  private image: DecodedImageFile | null = null;
  private view: ImageView = { zoom: 1, rotation: 0, panX: 0, panY: 0 };
  private fitted = true;
  private viewport: Size = { width: 1, height: 1 };
  private pointer = { x: 0, y: 0 };
  private status: ImageViewerState['status'] = 'loading';
  private error: string | null = null;
  private rows: MetadataRow[] = [];
  private detail: ImageViewerState['detail'] = null;
  private decoderPid: number | null = null;
  /** Aborted when the panel closes: a decode nobody will see stops. */
  private readonly decoding = new AbortController();
  private started = false;
  private readonly openedAt = performance.now();
  private usableMs: number | null = null;
  private fullMs: number | null = null;
  /** Starts decoding the full rendition: set while only the preview is shown, called once when zoomed in past it. */
  private moreDetail: (() => void) | null = null;

  /**
   * `originalFile`: where the image can be read (in a vault, a decrypted
   * copy in the private runtime folder); without it, the attachment itself.
   */
  constructor(
    document: { title: string; mediaRef: string | null },
    private readonly onChanged: () => void,
    private readonly originalFile?: (mediaRef: string, name: string) => Promise<string> | null,
  ) {
    this.widget = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, vexpand: true, hexpand: true });
    this.widget.addCssClass('image-viewer');

    this.zoomLabel = new Gtk.Label({ label: '100%', widthChars: 5 });
    this.zoomLabel.addCssClass('numeric');
    this.toolbarBox = this.toolbar();
    this.widget.append(this.toolbarBox);

    this.picture = new Gtk.Picture({ canShrink: true });
    this.picture.setContentFit?.(Gtk.ContentFit.FILL);
    this.fixed = new Gtk.Fixed();
    this.fixed.put(this.picture, 0, 0);
    // The main child only measures the viewport (and says when it changes); the image floats above, clipped.
    const area = new Gtk.DrawingArea({ hexpand: true, vexpand: true });
    area.on('resize', guard('image-viewer.resize', undefined, (width: number, height: number) => {
      this.viewport = { width: Math.max(1, width), height: Math.max(1, height) };
      // The first allocation says how large the preview must be to fill the viewport.
      if (!this.started) {
        this.started = true;
        this.load(document);
      }
      if (this.fitted) this.fit();
      else this.apply();
    }));
    this.stage = new Gtk.Overlay({ hexpand: true, vexpand: true, focusable: true, overflow: Gtk.Overflow.HIDDEN });
    this.stage.addCssClass('image-stage');
    setAccessibleLabel(this.stage, format(_('Image: {title}'), { title: document.title }));
    this.stage.setChild(area);
    this.stage.addOverlay(this.fixed);
    this.stage.setClipOverlay(this.fixed, true);
    this.spinner = new Gtk.Spinner({ spinning: true, halign: Gtk.Align.CENTER, valign: Gtk.Align.CENTER, widthRequest: 32, heightRequest: 32 });
    this.stage.addOverlay(this.spinner);
    this.addInput();

    this.metadataBox = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 10 });
    this.metadataBox.addCssClass('image-metadata');
    this.revealer = new Gtk.Revealer({ transitionType: Gtk.RevealerTransitionType.SLIDE_LEFT, revealChild: false });
    // A fixed width: the labels wrap inside it instead of widening the panel past its edge.
    const metadataScroller = new Gtk.ScrolledWindow({ hscrollbarPolicy: Gtk.PolicyType.NEVER, widthRequest: METADATA_WIDTH });
    metadataScroller.setChild(this.metadataBox);
    this.revealer.setChild(metadataScroller);

    const row = new Gtk.Box({ vexpand: true });
    row.append(this.stage);
    row.append(this.revealer);
    this.widget.append(row);
    // Started now, so it is warm by the time the panel has been laid out.
    void sharedDecoderProcess().warm().catch(() => undefined);
  }

  get state(): ImageViewerState {
    return {
      status: this.status,
      error: this.error,
      zoom: this.view.zoom,
      zoomLabel: this.zoomLabel.getLabel(),
      rotation: this.view.rotation,
      panX: this.view.panX,
      panY: this.view.panY,
      fitted: this.fitted,
      metadataVisible: this.revealer.getRevealChild(),
      metadata: Object.fromEntries(this.rows.map((r) => [r.key, r.value])),
      sensitive: this.rows.filter((r) => r.sensitive).map((r) => r.key),
      detail: this.detail,
      rendition: this.image ? { width: this.image.width, height: this.image.height } : null,
      decoderPid: this.decoderPid,
      usableMs: this.usableMs,
      fullMs: this.fullMs,
    };
  }

  /** The panel closed: decoding stops, and no pixels file is left behind. */
  dispose(): void {
    this.decoding.abort();
  }

  /**
   * A screen-sized preview first (libvips shrinks a JPEG while decoding it,
   * so a 50 MP photo is on screen in a fraction of its full decode); the
   * full rendition only once zoomed in past the preview, swapped in under
   * the same view.
   */
  private load(document: { title: string; mediaRef: string | null }): void {
    const signal = this.decoding.signal;
    const decoder = sharedDecoderProcess();
    let source: Promise<string> | undefined;
    const decode = async (maxSide: number, fullSide?: number) => {
      const file = await (source ??= this.readableFile(document, plainFile));
      const { runtimeDir } = resolvePaths();
      await fs.promises.mkdir(runtimeDir, { recursive: true, mode: 0o700 });
      const pixelsFile = path.join(runtimeDir, `image-${crypto.randomUUID()}.rgba`);
      const image = await decodeImageToFile(file, pixelsFile, { name: document.title, maxSide, signal, decoder, ...(fullSide ? { fullSide } : {}) });
      this.decoderPid = decoder.pid;
      return image;
    };
    let plainFile: string;
    try {
      plainFile = imageFileOf(document, resolvePaths().dataDir).file;
    } catch (error) {
      this.fail(asSovereignError(error).message);
      return;
    }
    const previewSide = Math.min(DEFAULT_MAX_SIDE, Math.max(MIN_PREVIEW_SIDE, Math.ceil(Math.max(this.viewport.width, this.viewport.height) * this.stage.getScaleFactor())));
    const failed = guard('image-viewer.failed', undefined, (error: unknown) => {
      const failure = asSovereignError(error);
      if (failure.kind === 'cancelled') return;
      // A full rendition that fails after the preview showed leaves the preview up.
      if (this.status === 'ready') log.warn('the full rendition failed; the preview stays', { error: failure.message });
      else this.fail(failure.message);
    });
    const opening = (async () => {
      const preview = await decode(previewSide, DEFAULT_MAX_SIDE);
      if (signal.aborted) return discard(preview);
      // Smaller than the full rendition could be? Then that one is decoded when zoomed in past the preview, not before:
      // a 4096 px texture shrunk to the panel costs GTK a 45 MB copy and cairo a second or so on the main loop.
      const fullSide = Math.min(DEFAULT_MAX_SIDE, Math.max(preview.metadata.width, preview.metadata.height));
      if (Math.max(preview.width, preview.height) < fullSide) {
        this.moreDetail = () => {
          void (async () => {
            const full = await decode(DEFAULT_MAX_SIDE);
            if (signal.aborted) return discard(full);
            this.show(full, 'full');
          })().catch(failed);
        };
      }
      this.show(preview, 'preview');
      if (!this.moreDetail) {
        this.detail = 'full';
        afterNextPaint(this.stage, () => (this.fullMs = performance.now() - this.openedAt));
      }
    })();
    opening.catch(failed);
  }

  private async readableFile(document: { title: string; mediaRef: string | null }, plainFile: string): Promise<string> {
    return (document.mediaRef ? await this.originalFile?.(document.mediaRef, document.title) : null) ?? plainFile;
  }

  private show(image: DecodedImageFile, detail: 'preview' | 'full'): void {
    const previous = this.image;
    this.image = image;
    // Mapped, not read: the texture's bytes are the file's pages, no copy on
    // this thread. The name can go at once; the mapping lives with the texture.
    let bytes;
    try {
      bytes = GLib.MappedFile.new(image.pixelsFile, false).getBytes();
    } finally {
      fs.rmSync(image.pixelsFile, { force: true });
    }
    this.picture.setPaintable(Gdk.MemoryTexture.new(image.width, image.height, Gdk.MemoryFormat.B8G8R8A8_PREMULTIPLIED, bytes, image.width * 4));
    this.picture.setSizeRequest(image.width, image.height);
    this.detail = detail;
    afterNextPaint(this.stage, () => {
      const ms = performance.now() - this.openedAt;
      if (this.usableMs === null) this.usableMs = ms;
      if (detail === 'full') this.fullMs = ms;
      this.onChanged();
    });
    if (previous) {
      // The full rendition under the same view: zoom is per rendition pixel, so it scales by the ratio.
      if (!this.fitted) this.view = { ...this.view, zoom: (this.view.zoom * previous.width) / image.width };
      if (this.fitted) this.fit();
      else this.apply();
      return;
    }
    this.rows = metadataRows(image.metadata);
    this.fillMetadata();
    this.stopSpinner();
    this.status = 'ready';
    this.fit();
  }

  private fail(message: string): void {
    this.stopSpinner();
    this.status = 'error';
    this.error = message;
    // Nothing to zoom or turn: the tools go, the reason stays.
    this.toolbarBox.setVisible(false);
    const page = new Adw.StatusPage({ iconName: 'image-missing-symbolic', title: _('Cannot Show This Image'), description: message });
    page.addCssClass('compact');
    this.stage.addOverlay(page);
    this.onChanged();
  }

  private stopSpinner(): void {
    this.spinner.setSpinning(false);
    this.spinner.setVisible(false);
  }

  private toolbar(): GtkT.Box {
    const bar = new Gtk.Box({ spacing: 4, halign: Gtk.Align.CENTER });
    bar.addCssClass('image-toolbar');
    const button = (icon: string, tooltip: string, action: () => void) => {
      const b = new Gtk.Button({ iconName: icon, tooltipText: tooltip });
      b.addCssClass('flat');
      setAccessibleLabel(b, tooltip);
      b.on('clicked', guard(`image-viewer.${icon}`, undefined, action));
      bar.append(b);
      return b;
    };
    button('zoom-out-symbolic', _('Zoom Out'), () => this.zoomBy(1 / ZOOM_STEP));
    bar.append(this.zoomLabel);
    button('zoom-in-symbolic', _('Zoom In'), () => this.zoomBy(ZOOM_STEP));
    button('zoom-fit-best-symbolic', _('Fit to Window'), () => this.fit());
    button('zoom-original-symbolic', _('Actual Size'), () => this.actualSize());
    button('object-rotate-right-symbolic', _('Rotate Clockwise'), () => this.rotate());
    const info = new Gtk.ToggleButton({ iconName: 'document-properties-symbolic', tooltipText: _('Image Properties') });
    info.addCssClass('flat');
    setAccessibleLabel(info, _('Image Properties'));
    info.on('toggled', guard('image-viewer.info', undefined, () => {
      this.revealer.setRevealChild(info.getActive());
      this.onChanged();
    }));
    bar.append(info);
    this.infoButton = info;
    return bar;
  }

  private addInput(): void {
    const motion = new Gtk.EventControllerMotion();
    motion.on('motion', guard('image-viewer.motion', undefined, (x: number, y: number) => {
      this.pointer = { x, y };
    }));
    this.stage.addController(motion);

    // Wheel zooms, with or without Ctrl: in a viewer there is nothing to scroll.
    const scroll = new Gtk.EventControllerScroll({ flags: Gtk.EventControllerScrollFlags.VERTICAL });
    scroll.on('scroll', guard('image-viewer.scroll', false, (_dx: number, dy: number) => {
      if (dy !== 0) this.zoomTo(this.view.zoom * Math.pow(WHEEL_STEP, -dy), this.pointer);
      return true;
    }));
    this.stage.addController(scroll);

    const pinch = new Gtk.GestureZoom();
    let pinchFrom = 1;
    pinch.on('begin', guard('image-viewer.pinch-begin', undefined, () => {
      pinchFrom = this.view.zoom;
    }));
    pinch.on('scale-changed', guard('image-viewer.pinch', undefined, (scale: number) => {
      const [ok, x, y] = pinch.getBoundingBoxCenter() as unknown as [boolean, number, number];
      this.zoomTo(pinchFrom * scale, ok ? { x, y } : this.centre());
    }));
    this.stage.addController(pinch);

    const drag = new Gtk.GestureDrag();
    let from = { x: 0, y: 0 };
    drag.on('drag-begin', guard('image-viewer.drag-begin', undefined, () => {
      from = { x: this.view.panX, y: this.view.panY };
      this.stage.grabFocus();
    }));
    drag.on('drag-update', guard('image-viewer.drag', undefined, (dx: number, dy: number) => {
      this.fitted = false;
      this.view = { ...this.view, panX: from.x + dx, panY: from.y + dy };
      this.apply();
    }));
    this.stage.addController(drag);
    this.stage.setCursorFromName('grab');

    const keys = new Gtk.EventControllerKey();
    keys.on('key-pressed', guard('image-viewer.key', false, (keyval: number) => this.key(Gdk.keyvalName(keyval) ?? '')));
    this.stage.addController(keys);
  }

  private key(name: string): boolean {
    if (name === 'plus' || name === 'equal' || name === 'KP_Add') this.zoomBy(ZOOM_STEP);
    else if (name === 'minus' || name === 'KP_Subtract') this.zoomBy(1 / ZOOM_STEP);
    else if (name === 'f') this.fit();
    else if (name === '1' || name === 'KP_1') this.actualSize();
    else if (name === 'r') this.rotate();
    else if (name === 'i') this.infoButton?.setActive(!this.infoButton.getActive());
    else return false;
    return true;
  }

  private centre(): { x: number; y: number } {
    return { x: this.viewport.width / 2, y: this.viewport.height / 2 };
  }

  private zoomBy(factor: number): void {
    this.zoomTo(this.view.zoom * factor, this.centre());
  }

  private zoomTo(zoom: number, at: { x: number; y: number }): void {
    this.fitted = false;
    this.view = zoomAt(this.view, zoom, at, this.viewport);
    this.apply();
  }

  private fit(): void {
    this.fitted = true;
    if (this.image) this.view = fitView(this.image, this.viewport, this.view.rotation);
    this.apply();
  }

  private actualSize(): void {
    if (!this.image) return;
    this.fitted = false;
    const zoom = actualSizeZoom(this.image.width, this.image.metadata.width, this.stage.getScaleFactor());
    this.view = { ...this.view, zoom, panX: 0, panY: 0 };
    this.apply();
  }

  private rotate(): void {
    this.view = rotateClockwise(this.view);
    if (this.fitted) this.fit();
    else this.apply();
  }

  private apply(): void {
    // One preview pixel spread over more than one device pixel: the picture would look soft, fetch the full one.
    if (this.moreDetail && this.detail === 'preview' && this.view.zoom * this.stage.getScaleFactor() > 1) {
      const start = this.moreDetail;
      this.moreDetail = null;
      start();
    }
    if (this.image) {
      const text = viewTransform(this.view, this.image, this.viewport);
      const [ok, transform] = Gsk.Transform.parse(text);
      if (ok) this.fixed.setChildTransform(this.picture, transform);
      else log.error('GSK refused the view transform', { transform: text });
    }
    // Of the original's size: a rendition smaller than the original is drawn larger for the same percentage.
    this.zoomLabel.setLabel(`${Math.round(this.view.zoom * (this.image ? this.image.width / Math.max(1, this.image.metadata.width) : 1) * 100)}%`);
    this.onChanged();
  }

  private fillMetadata(): void {
    for (const row of this.rows) {
      const label = new Gtk.Label({ label: row.label, xalign: 0 });
      label.addCssClass('dim-label');
      label.addCssClass('caption');
      const value = new Gtk.Label({ label: row.value, xalign: 0, wrap: true, selectable: true, maxWidthChars: 24 });
      const entry = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 2 });
      entry.append(label);
      if (row.sensitive) {
        const line = new Gtk.Box({ spacing: 6 });
        const warning = new Gtk.Image({ iconName: 'dialog-warning-symbolic', tooltipText: _('Sensitive: shows where the photo was taken') });
        warning.addCssClass('warning');
        line.append(warning);
        line.append(value);
        entry.append(line);
        const note = new Gtk.Label({ label: _('Sensitive: shows where the photo was taken'), xalign: 0, wrap: true, maxWidthChars: 24 });
        note.addCssClass('caption');
        note.addCssClass('warning');
        entry.append(note);
      } else {
        entry.append(value);
      }
      this.metadataBox.append(entry);
    }
  }
}

/** A rendition decoded for a panel that has closed meanwhile. */
function discard(image: DecodedImageFile): void {
  fs.rmSync(image.pixelsFile, { force: true });
}
