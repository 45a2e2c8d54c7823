import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _, format, messageOf } from '../core/index.js';
import { setAccessibleLabel } from './accessible.js';
import { Adw, Gdk, GLib, Gtk } from './gi.js';
import { guard, spawnTask } from './guard.js';
import { showEncryptWorkspaceDialog } from './encrypt-workspace.js';
import { showNewPassphraseDialog } from './new-passphrase-dialog.js';
import type { UiSettings } from './settings.js';
import type { UiVault } from './unlock-dialog.js';

/** The longest idle time Preferences offers, in minutes: a day. */
const MAX_IDLE_MINUTES = 24 * 60;

/**
 * Preferences › Vault: whether this workspace is encrypted and how its key
 * is derived, Lock Now, the idle minutes (vault-lock-after-idle), Change
 * Passphrase… and a new printable recovery key. The same domain calls as
 * `sovereign vault status|lock|change-passphrase|recovery-key`.
 */
export function vaultPage(window: AdwT.PreferencesWindow, settings: UiSettings, vault: UiVault): AdwT.PreferencesPage {
  const page = new Adw.PreferencesPage({ title: _('Vault'), iconName: 'channel-secure-symbolic' });
  const status = new Adw.PreferencesGroup({ title: _('Encryption') });
  const state = new Adw.ActionRow({ title: _('Encrypted Vault'), subtitle: _('Reading the vault…') });
  status.add(state);
  page.add(status);
  spawnTask('prefs.vault.describe', async () => {
    const described = await vault.describe?.();
    const kdf = described?.kdf;
    if (!described?.exists || !kdf) {
      state.setTitle(_('Not Encrypted'));
      state.setSubtitle(_('This workspace is stored in the clear. Encrypting it seals every document under a passphrase (`sovereign vault create` does the same).'));
      const encrypt = vault.encryptWorkspace?.bind(vault);
      if (encrypt) state.addSuffix(encryptButton(window, encrypt));
      return;
    }
    state.setSubtitle(
      format(_('Documents are encrypted with AES-256-GCM; the key is derived from the passphrase with {algorithm} (memory {memory} MiB, time cost {passes}, parallelism {lanes}).'), {
        algorithm: 'Argon2id',
        memory: Math.round(kdf.memoryCost / 1024),
        passes: kdf.timeCost,
        lanes: kdf.parallelism,
      }),
    );
    page.add(lockGroup(window, settings, vault));
    page.add(keysGroup(window, vault));
  });
  return page;
}

function encryptButton(window: AdwT.PreferencesWindow, encrypt: (passphrase: string) => Promise<void>): GtkT.Button {
  const button = new Gtk.Button({ label: _('Encrypt This Workspace…'), valign: Gtk.Align.CENTER });
  button.addCssClass('suggested-action');
  button.on('clicked', guard('prefs.vault.encrypt', undefined, () => showEncryptWorkspaceDialog(window as unknown as GtkT.Window, encrypt)));
  return button;
}

function lockGroup(window: AdwT.PreferencesWindow, settings: UiSettings, vault: UiVault): AdwT.PreferencesGroup {
  const group = new Adw.PreferencesGroup({ title: _('Locking'), description: _('Locked, the documents leave memory until the passphrase is typed again.') });
  const now = new Adw.ActionRow({ title: _('Lock Now'), subtitle: _('Open documents are saved first (Ctrl+Alt+L)') });
  const lockButton = new Gtk.Button({ label: _('Lock Now'), valign: Gtk.Align.CENTER });
  lockButton.on('clicked', guard('prefs.vault.lock', undefined, () => {
    const lock = vault.lock?.bind(vault);
    if (!lock) return;
    window.close();
    spawnTask('prefs.vault.lock', () => lock());
  }));
  now.addSuffix(lockButton);
  group.add(now);

  const idle = new Adw.ActionRow({ title: _('Lock After Idle'), subtitle: _('Minutes without use before the vault locks itself; 0: never') });
  const minutes = Gtk.SpinButton.newWithRange(0, MAX_IDLE_MINUTES, 1);
  minutes.setValign(Gtk.Align.CENTER);
  minutes.setValue(Math.round(settings.vaultLockAfterIdle / 60));
  setAccessibleLabel(minutes, _('Lock After Idle'));
  minutes.on('value-changed', guard('prefs.vault.idle', undefined, () => {
    settings.vaultLockAfterIdle = Math.round(minutes.getValue()) * 60;
  }));
  idle.addSuffix(minutes);
  group.add(idle);
  return group;
}

function keysGroup(window: AdwT.PreferencesWindow, vault: UiVault): AdwT.PreferencesGroup {
  const group = new Adw.PreferencesGroup({ title: _('Keys') });
  const change = new Adw.ActionRow({ title: _('Passphrase'), subtitle: _('Changing it re-wraps the key; nothing is re-encrypted') });
  const changeButton = new Gtk.Button({ label: _('Change Passphrase…'), valign: Gtk.Align.CENTER });
  changeButton.on('clicked', guard('prefs.vault.change', undefined, () => {
    const apply = vault.changePassphrase?.bind(vault);
    if (!apply) return;
    showNewPassphraseDialog(window as unknown as GtkT.Window, {
      heading: _('Change Passphrase'),
      body: _('The recovery key keeps working.'),
      askCurrent: true,
      dismissLabel: _('Cancel'),
      apply,
      changed: () => window.addToast(new Adw.Toast({ title: _('The vault passphrase is changed.') })),
    });
  }));
  change.addSuffix(changeButton);
  group.add(change);

  const recovery = new Adw.ActionRow({ title: _('Recovery Key'), subtitle: _('Opens the vault when the passphrase is forgotten. A new one replaces the old, which stops working.') });
  const recoveryButton = new Gtk.Button({ label: _('New Recovery Key…'), valign: Gtk.Align.CENTER });
  recoveryButton.on('clicked', guard('prefs.vault.recovery', undefined, () => askCurrentPassphrase(window, vault)));
  recovery.addSuffix(recoveryButton);
  group.add(recovery);
  return group;
}

/** The passphrase proves who asks; then the new recovery key is shown to write down or copy. */
function askCurrentPassphrase(window: AdwT.PreferencesWindow, vault: UiVault): void {
  const replace = vault.replaceRecoveryKey?.bind(vault);
  if (!replace) return;
  const dialog = new Adw.MessageDialog({
    transientFor: window,
    modal: true,
    hideOnClose: true,
    title: _('New Recovery Key'),
    heading: _('New Recovery Key'),
    body: _('Type the vault passphrase. The recovery key printed before stops working.'),
  });
  const entry = new Gtk.PasswordEntry({ showPeekIcon: true, placeholderText: _('Passphrase'), activatesDefault: true });
  setAccessibleLabel(entry, _('Passphrase'));
  dialog.setExtraChild(entry);
  dialog.addResponse('cancel', _('Cancel'));
  dialog.addResponse('make', _('Make New Key'));
  dialog.setResponseAppearance('make', Adw.ResponseAppearance.DESTRUCTIVE);
  dialog.setDefaultResponse('make');
  dialog.setCloseResponse('cancel');
  let busy = false;
  const make = () => {
    if (busy || entry.getText().length === 0) return;
    busy = true;
    dialog.setBody(_('Making a new recovery key…'));
    dialog.present();
    spawnTask('prefs.vault.new-recovery-key', async () => {
      try {
        const key = await replace(entry.getText());
        dialog.setHideOnClose(false);
        dialog.close();
        showRecoveryKey(window, key);
      } catch (error) {
        entry.setText('');
        dialog.setBody(messageOf(error));
        entry.grabFocus();
      } finally {
        busy = false;
      }
    });
  };
  entry.on('activate', guard('prefs.vault.recovery.activate', undefined, make));
  dialog.on('response', guard('prefs.vault.recovery.response', undefined, (response: string) => {
    if (response === 'make') make();
    else {
      dialog.setHideOnClose(false);
      dialog.close();
    }
  }));
  dialog.present();
  entry.grabFocus();
}

/** The key in a monospace label, selectable, with Copy: to write down or keep in a password manager. */
function showRecoveryKey(window: AdwT.PreferencesWindow, key: string): void {
  const dialog = new Adw.MessageDialog({
    transientFor: window,
    modal: true,
    title: _('Your Recovery Key'),
    heading: _('Your Recovery Key'),
    body: _('Write it down (or copy it into a password manager) and keep it apart from this computer. It is shown only now.'),
  });
  // One line: a key broken at a dash is easy to copy down wrong.
  const label = new Gtk.Label({ label: key, selectable: true });
  label.addCssClass('monospace');
  label.addCssClass('heading');
  setAccessibleLabel(label, key);
  dialog.setExtraChild(label);
  dialog.addResponse('copy', _('Copy'));
  dialog.addResponse('done', _('Done'));
  dialog.setDefaultResponse('done');
  dialog.setCloseResponse('done');
  dialog.on('response', guard('prefs.vault.recovery-key.response', undefined, (response: string) => {
    if (response !== 'copy') return;
    const text = Gdk.ContentProvider.newForBytes('text/plain;charset=utf-8', GLib.Bytes.new([...Buffer.from(key, 'utf8')]));
    Gdk.Display.getDefault()?.getClipboard().setContent(text);
    window.addToast(new Adw.Toast({ title: _('Recovery key copied') }));
  }));
  dialog.present();
}
