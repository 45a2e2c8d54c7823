import { SovereignError, _, format } from '../core/index.js';

/** Sizes in the unit a person would say: "12 MiB", "300 KiB", "87 bytes". */
export function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return format(_('{n} MiB'), { n: Number((bytes / (1024 * 1024)).toFixed(1)) });
  if (bytes >= 1024) return format(_('{n} KiB'), { n: Number((bytes / 1024).toFixed(1)) });
  return format(_('{n} bytes'), { n: bytes });
}

export function notABackup(file: string): SovereignError {
  return new SovereignError('invalid-input', format(_('{file} is not a Sovereign backup.'), { file }));
}

export function newerFormat(file: string, version: number, supported: number): SovereignError {
  return new SovereignError(
    'unsupported',
    format(_('{file} was written by a newer Sovereign (backup format {version}; this version reads format {supported} and older).'), { file, version, supported }),
    { hint: _('Update Sovereign, then restore the backup.') },
  );
}

export function wrongPassphrase(file: string): SovereignError {
  // GCM cannot tell a wrong key from a changed header, and must not hint how close a guess was.
  return new SovereignError('permission', format(_('Cannot open the backup {file}: the passphrase is wrong or the file was altered.'), { file }));
}

export function damaged(file: string, what: string): SovereignError {
  return new SovereignError('invalid-input', format(_('The backup {file} is damaged: {what}.'), { file, what }));
}

export function truncated(file: string, bytes: number): SovereignError {
  return new SovereignError('invalid-input', format(_('The backup {file} is truncated after {size}.'), { file, size: describeSize(bytes) }), {
    hint: _('The copy is incomplete; use another backup.'),
  });
}
