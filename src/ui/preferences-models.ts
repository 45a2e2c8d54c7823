import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type { ModelListing } from '../ai/manager/model-library.js';
import { formatBytes } from '../ai/registry/memory-watchdog.js';
import type { ModelRole } from '../ai/registry/model-registry.js';
import { _, createLogger, format } from '../core/index.js';
import { Adw, Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard, spawnTask } from './guard.js';
import { SpeechModelsGroup } from './preferences-speech-models.js';
import type { UiModels } from './services.js';

const log = createLogger('ui.prefs.models');
/** A burst of changes (a load, then a generation) redraws the list once. */
const REFRESH_DELAY_MS = 100;

const ROLE_NAMES: Record<ModelRole, string> = {
  chat: _('Chat'),
  router: _('Commands'),
  embedding: _('Search'),
};

/** The roles a model of this kind can play. */
function rolesFor(kind: ModelListing['kind']): ModelRole[] {
  if (kind === 'chat') return ['chat', 'router'];
  if (kind === 'embedding') return ['embedding'];
  return [];
}

/** "Chat, Commands · 1.9 GB · Q4_K_M · loaded, 3.1 GB in memory · 6.2 tokens/s": one model's line. */
export function describeListing(model: ModelListing): string {
  const parts = [model.roles.length > 0 ? model.roles.map((role) => ROLE_NAMES[role]).join(', ') : _('No role'), formatBytes(model.sizeBytes)];
  if (model.quantization) parts.push(model.quantization);
  parts.push(model.loaded ? format(_('loaded, {ram} in memory'), { ram: model.ramBytes === undefined ? '?' : formatBytes(model.ramBytes) }) : _('not loaded'));
  if (model.tokensPerSecond !== undefined) parts.push(format(_('{speed} tokens/s'), { speed: model.tokensPerSecond.toFixed(1) }));
  if (model.problem) parts.push(model.problem);
  return parts.join(' · ');
}

/**
 * Preferences › Models: the installed models with their roles, size,
 * quantisation, whether each is loaded and how much memory it takes, and
 * the speed of its last answer; a model can be given a role or removed
 * (after asking). Follows loads and unloads while open. When no chat model
 * is installed, the first row offers the recommended one. Speech models
 * have a group of their own (SpeechModelsGroup).
 */
export function modelsPage(window: AdwT.PreferencesWindow, models: UiModels, offerDownload: () => void): AdwT.PreferencesPage {
  const page = new Adw.PreferencesPage({ title: _('Models'), iconName: 'system-run-symbolic' });
  const get = new Adw.PreferencesGroup({ title: _('Chat Model'), description: _('Nothing is downloaded until you click Download.') });
  const installed = new Adw.PreferencesGroup({ title: _('Installed Models'), description: _('Models run on this computer; nothing you write leaves it.') });
  const speech = new SpeechModelsGroup(window, models, (name) => confirmRemoval(window, models, name));
  page.add(get);
  page.add(installed);
  page.add(speech.group);
  let rows: GtkT.Widget[] = [];
  let offerRow: GtkT.Widget | undefined;

  const render = (all: ModelListing[]) => {
    speech.render(all);
    const listing = all.filter((model) => model.kind !== 'speech');
    for (const row of rows) installed.remove(row);
    rows = listing.length === 0 ? [new Adw.ActionRow({ title: all.length === 0 ? _('No models installed') : _('No chat or search models installed') })] : listing.map((model) => modelRow(window, models, model));
    for (const row of rows) installed.add(row);
    if (offerRow) get.remove(offerRow);
    offerRow = undefined;
    let offer;
    try {
      offer = models.offer();
    } catch (error) {
      offerRow = new Adw.ActionRow({ title: _('The model catalog cannot be read'), subtitle: (error as Error).message });
    }
    if (offer) {
      const row = new Adw.ActionRow({ title: format(_('{title} ({quantization})'), { title: offer.entry.title, quantization: offer.entry.quantization }), subtitle: format(_('{size}. {reason}'), { size: formatBytes(offer.entry.sizeBytes), reason: offer.reason }) });
      const button = new Gtk.Button({ label: _('Download…'), valign: Gtk.Align.CENTER });
      button.addCssClass('suggested-action');
      button.on('clicked', guard('prefs.models.offer', undefined, () => {
        window.close();
        offerDownload();
      }));
      row.addSuffix(button);
      offerRow = row;
    }
    if (offerRow) get.add(offerRow);
    get.setVisible(offerRow !== undefined);
  };

  let pending: NodeJS.Timeout | undefined;
  const refresh = () => {
    clearTimeout(pending);
    pending = setTimeout(() => spawnTask('prefs.models.refresh', async () => render(await models.list())), REFRESH_DELAY_MS);
  };
  refresh();
  const off = models.onChange(refresh);
  window.on('destroy', guard('prefs.models.destroy', undefined, () => {
    clearTimeout(pending);
    off();
  }));
  return page;
}

function modelRow(window: AdwT.PreferencesWindow, models: UiModels, model: ModelListing): AdwT.ActionRow {
  const row = new Adw.ActionRow({ title: model.name, subtitle: describeListing(model) });
  for (const role of rolesFor(model.kind)) {
    if (model.roles.includes(role)) continue;
    const label = format(_('Use for {role}'), { role: ROLE_NAMES[role] });
    const use = new Gtk.Button({ label, valign: Gtk.Align.CENTER });
    setAccessibleLabel(use, format(_('Use {name} for {role}'), { name: model.name, role: ROLE_NAMES[role] }));
    use.on('clicked', guard('prefs.models.role', undefined, () => spawnTask('prefs.models.role', () => models.setRole(role, model.name))));
    row.addSuffix(use);
  }
  const remove = new Gtk.Button({ iconName: 'user-trash-symbolic', valign: Gtk.Align.CENTER, tooltipText: _('Remove') });
  remove.addCssClass('flat');
  setAccessibleLabel(remove, format(_('Remove {name}'), { name: model.name }));
  remove.on('clicked', guard('prefs.models.remove', undefined, () => confirmRemoval(window, models, model.name)));
  row.addSuffix(remove);
  return row;
}

function confirmRemoval(window: AdwT.PreferencesWindow, models: UiModels, name: string): void {
  const dialog = new Adw.MessageDialog({
    transientFor: window,
    modal: true,
    heading: format(_('Remove {name}?'), { name }),
    body: _('The model file is deleted from this computer. You can download it again later.'),
  });
  dialog.addResponse('cancel', _('Cancel'));
  dialog.addResponse('remove', _('Remove'));
  dialog.setResponseAppearance('remove', Adw.ResponseAppearance.DESTRUCTIVE);
  dialog.setDefaultResponse('cancel');
  dialog.setCloseResponse('cancel');
  dialog.on('response', guard('prefs.models.remove-response', undefined, (response: string) => {
    if (response !== 'remove') return;
    spawnTask('prefs.models.remove', async () => {
      try {
        await models.remove(name);
      } catch (error) {
        log.warn('could not remove the model', { name, error });
        window.addToast(new Adw.Toast({ title: (error as Error).message }));
      }
    });
  }));
  dialog.present();
}
