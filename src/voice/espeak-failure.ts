import { _, format, SovereignError } from '../core/index.js';

/** espeak-ng's complaint, in words a person can act on. */
export function espeakFailure(voice: string, stderr: string, code: number | null): SovereignError {
  if (/voice does not exist/i.test(stderr)) {
    return new SovereignError('not-found', format(_('No voice named “{voice}”: espeak-ng does not have it'), { voice }), {
      hint: _('Choose a voice in Preferences › Voice, or pick one that `espeak-ng --voices` lists'),
      detail: { voice, code },
    });
  }
  return new SovereignError('internal', format(_('espeak-ng could not speak (exit {code}): {reason}'), { code: String(code), reason: stderr.trim().slice(0, 300) }), {
    detail: { voice, code },
  });
}
