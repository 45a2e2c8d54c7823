import path from 'node:path';
import { _, format } from '../core/index.js';
import type { ExportFormat, ExportProgress } from '../exporters/export-service.js';
import type { ExportSelection } from '../exporters/export-selection.js';
import type { PdfOptionsInput } from '../skills/core/pdf-export/pdf-options.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Adw, GLib, Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard, spawnTask } from './guard.js';
import type { UiServices } from './services.js';

// The slash is escaped so that xgettext (which reads this file as JavaScript) sees a regular expression.
const UNSAFE_IN_FILE_NAMES = /[\/\\:*?"<>|]/g;

/** One thing the dialog can export: "This document", "Thread: Research", "The whole workspace". */
export interface ExportChoice {
  label: string;
  /** Names the file (a title); the default file name is made from it. */
  name: string;
  selection: ExportSelection;
}

const FORMATS: readonly { id: ExportFormat; label: string; extension: string }[] = [
  { id: 'pdf', label: _('PDF'), extension: '.pdf' },
  { id: 'canvas', label: _('JSON Canvas (Obsidian)'), extension: '.canvas' },
  { id: 'markdown', label: _('Markdown Folder'), extension: '' },
];
const PAGE_SIZES: readonly { id: NonNullable<PdfOptionsInput['pageSize']>; label: string }[] = [
  { id: 'a4', label: _('A4') },
  { id: 'us-letter', label: _('US Letter') },
];
const FONTS: readonly { id: NonNullable<PdfOptionsInput['font']>; label: string }[] = [
  { id: 'sans', label: _('Noto Sans') },
  { id: 'serif', label: _('Noto Serif') },
];

const STAGE_LABELS: Record<ExportProgress['stage'], string> = {
  reading: _('Reading documents…'),
  converting: _('Preparing pages…'),
  typesetting: _('Typesetting…'),
  writing: _('Writing…'),
};

/**
 * The export dialog: what to export, the format, the PDF's page options and
 * where to save. Exporting shows progress with Cancel in the dialog; when
 * it is done the dialog closes and onDone (a toast with Open) takes over.
 * Everything goes through UiServices.exportDocuments, the same
 * ExportService the command line uses.
 */
export function showExportDialog(parent: GtkT.Window, services: UiServices, choices: readonly ExportChoice[], initialFormat: ExportFormat, onDone: (out: string) => void): GtkT.Window {
  services.warmExport();
  const window = new Adw.Window({ transientFor: parent, modal: true, title: _('Export') });
  window.setDefaultSize(520, 640);
  const cancel = new Gtk.Button({ label: _('Cancel') });
  const exportButton = new Gtk.Button({ label: _('Export') });
  exportButton.addCssClass('suggested-action');
  const header = new Adw.HeaderBar({ showEndTitleButtons: false, showStartTitleButtons: false, titleWidget: new Adw.WindowTitle({ title: _('Export') }) });
  header.packStart(cancel);
  header.packEnd(exportButton);

  const page = new Adw.PreferencesPage();
  const what = new Adw.PreferencesGroup({ title: _('What') });
  const choiceRow = new Adw.ComboRow({ title: _('Export') });
  choiceRow.setModel(Gtk.StringList.new(choices.map((c) => c.label)));
  what.add(choiceRow);
  const formatRow = new Adw.ComboRow({ title: _('Format') });
  formatRow.setModel(Gtk.StringList.new(FORMATS.map((f) => f.label)));
  formatRow.setSelected(Math.max(0, FORMATS.findIndex((f) => f.id === initialFormat)));
  what.add(formatRow);
  const destination = new Adw.EntryRow({ title: _('Save To') });
  what.add(destination);
  page.add(what);

  const pdf = new Adw.PreferencesGroup({ title: _('PDF'), description: _('Fonts are built in, so the PDF looks the same everywhere.') });
  const pageSize = new Adw.ComboRow({ title: _('Page Size') });
  pageSize.setModel(Gtk.StringList.new(PAGE_SIZES.map((p) => p.label)));
  pdf.add(pageSize);
  const marginRow = new Adw.ActionRow({ title: _('Margins'), subtitle: _('Millimetres') });
  const margin = Gtk.SpinButton.newWithRange(5, 60, 1);
  margin.setValue(20);
  margin.setValign(Gtk.Align.CENTER);
  setAccessibleLabel(margin, _('Margins in millimetres'));
  marginRow.addSuffix(margin);
  pdf.add(marginRow);
  const font = new Adw.ComboRow({ title: _('Font') });
  font.setModel(Gtk.StringList.new(FONTS.map((f) => f.label)));
  pdf.add(font);
  const headerSwitch = switchRow(pdf, _('Header'), _('Title and date at the top of each page'));
  const footerSwitch = switchRow(pdf, _('Page Numbers'), _('At the bottom of each page'));
  page.add(pdf);

  const progressGroup = new Adw.PreferencesGroup();
  const progress = new Gtk.ProgressBar({ showText: true, visible: false });
  setAccessibleLabel(progress, _('Export progress'));
  progressGroup.add(progress);
  page.add(progressGroup);

  const suggestPath = () => {
    const choice = choices[choiceRow.getSelected()] ?? choices[0]!;
    const chosen = FORMATS[formatRow.getSelected()] ?? FORMATS[0]!;
    const folder = GLib.getUserSpecialDir(GLib.UserDirectory.DIRECTORY_DOCUMENTS) ?? GLib.getHomeDir();
    destination.setText(path.join(folder, `${choice.name.replace(UNSAFE_IN_FILE_NAMES, '-').trim() || _('Export')}${chosen.extension}`));
    pdf.setSensitive(chosen.id === 'pdf');
  };
  suggestPath();
  choiceRow.on('notify::selected', guard('export.choice', undefined, suggestPath));
  formatRow.on('notify::selected', guard('export.format', undefined, suggestPath));

  let running: AbortController | null = null;
  cancel.on('clicked', guard('export.cancel', undefined, () => {
    if (running) running.abort();
    else window.close();
  }));
  exportButton.on('clicked', guard('export.run', undefined, () => {
    if (running) return;
    const choice = choices[choiceRow.getSelected()] ?? choices[0]!;
    const chosen = FORMATS[formatRow.getSelected()] ?? FORMATS[0]!;
    const out = destination.getText().trim();
    if (out === '' || !path.isAbsolute(out)) {
      progress.setVisible(true);
      progress.setText(_('Choose where to save: a full path, e.g. ~/Documents/Notes.pdf'));
      return;
    }
    running = new AbortController();
    exportButton.setSensitive(false);
    what.setSensitive(false);
    pdf.setSensitive(false);
    progress.setVisible(true);
    progress.setFraction(0);
    const signal = running.signal;
    spawnTask('export.run', async () => {
      try {
        await services.exportDocuments({
          format: chosen.id,
          selection: choice.selection,
          out,
          pdf: {
            pageSize: PAGE_SIZES[pageSize.getSelected()]?.id ?? 'a4',
            marginMm: margin.getValue(),
            font: FONTS[font.getSelected()]?.id ?? 'sans',
            header: headerSwitch.getActive(),
            footer: footerSwitch.getActive(),
          },
          signal,
          onProgress: (p) => {
            progress.setText(STAGE_LABELS[p.stage]);
            progress.setFraction(p.total > 0 ? Math.min(1, p.done / p.total) : 0);
          },
        });
        // Before the dialog closes: whether the person is still in Sovereign is read from which window has the focus.
        onDone(out);
        window.close();
      } catch (error) {
        progress.setFraction(0);
        progress.setText(signal.aborted ? _('Cancelled') : format(_('Export failed: {reason}'), { reason: (error as Error).message }));
        exportButton.setSensitive(true);
        what.setSensitive(true);
        pdf.setSensitive((FORMATS[formatRow.getSelected()] ?? FORMATS[0]!).id === 'pdf');
      } finally {
        running = null;
      }
    });
  }));

  const box = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL });
  box.append(header);
  box.append(page);
  window.setContent(box);
  window.present();
  return window as unknown as GtkT.Window;
}

function switchRow(group: InstanceType<typeof Adw.PreferencesGroup>, title: string, subtitle: string): GtkT.Switch {
  const row = new Adw.ActionRow({ title, subtitle });
  const toggle = new Gtk.Switch({ active: true, valign: Gtk.Align.CENTER });
  setAccessibleLabel(toggle, title);
  row.addSuffix(toggle);
  row.setActivatableWidget(toggle);
  group.add(row);
  return toggle;
}
