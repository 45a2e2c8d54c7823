import readline from 'node:readline';
import { Writable } from 'node:stream';
import { SovereignError, _, format, readTextFile } from '../core/index.js';

export interface PassphraseOptions {
  passphraseFile?: string;
  /** Read it from a pipe on stdin, to its end: how one Sovereign process hands a passphrase to another (never argv, env or a file). */
  fromStdin?: boolean;
  /** Ask twice and compare (when a new backup or vault is sealed with it). */
  confirm?: boolean;
  /** Whose passphrase it is: the wording of the prompt and the messages (default 'backup'). */
  purpose?: 'backup' | 'vault' | 'vault-store' | 'new-vault' | 'recovery-key';
}

function wording(purpose: PassphraseOptions['purpose']): { needed: string; question: string; empty: string } {
  switch (purpose) {
    case 'vault-store':
      return {
        needed: _('This workspace is a locked vault: run this in a terminal to type its passphrase, or set SOVEREIGN_PASSPHRASE_FILE to a file that holds it.'),
        question: _('Vault passphrase: '),
        empty: _('The vault passphrase is empty.'),
      };
    case 'vault':
      return {
        needed: _('This workspace is a locked vault: run this in a terminal to type its passphrase, or pass --passphrase-file FILE.'),
        question: _('Vault passphrase: '),
        empty: _('The vault passphrase is empty.'),
      };
    case 'recovery-key':
      return {
        needed: _('The recovery key is needed: run this in a terminal to type it, or pass --recovery-key-file FILE.'),
        question: _('Recovery key: '),
        empty: _('The recovery key is empty.'),
      };
    case 'new-vault':
      return {
        needed: _('A new vault passphrase is needed: run this in a terminal to type it, or pass --new-passphrase-file FILE.'),
        question: _('New vault passphrase: '),
        empty: _('The new vault passphrase is empty.'),
      };
    default:
      return {
        needed: _('A backup passphrase is needed: run this in a terminal to type it, or pass --passphrase-file FILE.'),
        question: _('Backup passphrase: '),
        empty: _('The backup passphrase is empty.'),
      };
  }
}

/**
 * The passphrase from --passphrase-file (for scripts; one trailing newline
 * is dropped) or typed at a terminal without echo. Never from an argument:
 * arguments are visible to every process on the machine.
 */
export async function readPassphrase(options: PassphraseOptions): Promise<string> {
  if (options.passphraseFile !== undefined) return readPassphraseFile(options.passphraseFile);
  if (options.fromStdin) return readPassphrasePipe();
  const words = wording(options.purpose);
  if (!process.stdin.isTTY) throw new SovereignError(options.purpose === 'vault-store' ? 'permission' : 'usage', words.needed);
  const passphrase = await prompt(words.question);
  if (passphrase.length === 0) throw new SovereignError('usage', words.empty);
  if (options.confirm && (await prompt(_('Repeat the passphrase: '))) !== passphrase) {
    throw new SovereignError('usage', _('The two passphrases differ; nothing was written.'));
  }
  return passphrase;
}

/** A passphrase file is a few bytes; anything near this is not one. */
const MAX_PASSPHRASE_FILE_BYTES = 64 * 1024;

async function readPassphraseFile(file: string): Promise<string> {
  // The shared check: a FIFO, a device or a huge file is refused, never read.
  const text = await readTextFile(file, MAX_PASSPHRASE_FILE_BYTES);
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase.length === 0) throw new SovereignError('usage', format(_('--passphrase-file: {file} is empty.'), { file }));
  return passphrase;
}

function prompt(question: string): Promise<string> {
  process.stderr.write(question);
  // readline echoes what is typed to its output: give it one that swallows it.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = readline.createInterface({ input: process.stdin, output: silent, terminal: true });
  return new Promise((resolve, reject) => {
    rl.once('line', (line) => {
      rl.close();
      process.stderr.write('\n');
      resolve(line);
    });
    rl.once('SIGINT', () => {
      rl.close();
      process.stderr.write('\n');
      reject(new SovereignError('cancelled', _('Cancelled.')));
    });
  });
}

/** The whole of stdin (a pipe another Sovereign process writes and closes), one trailing newline dropped. */
async function readPassphrasePipe(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_PASSPHRASE_FILE_BYTES) throw new SovereignError('invalid-input', _('The passphrase on standard input is too long.'));
    chunks.push(chunk);
  }
  const passphrase = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (passphrase.length === 0) throw new SovereignError('usage', _('No passphrase came on standard input.'));
  return passphrase;
}
