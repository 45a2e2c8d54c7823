import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { KEY_LENGTH, type KdfParams } from './backup-format.js';
import { derivePassphraseKey, newKdfParams, unwrapDataKey, wrapDataKey } from '../core/crypto/index.js';

/**
 * Backups sealed for a public key, so a scheduled backup needs no
 * passphrase when it runs (the way `age` seals for an X25519 recipient):
 * each backup makes an ephemeral X25519 key pair, agrees a secret with the
 * recipient's public key, derives a wrapping key from it with HKDF-SHA256
 * and seals the data key under that with AES-256-GCM. Only the holder of
 * the private key (kept wrapped under the passphrase) can redo the
 * agreement. The sealing itself is passphrase-key.ts's wrapDataKey. Raw 32-byte keys travel as base64; the DER prefixes below turn
 * them into KeyObjects without a hand-written ASN.1 encoder.
 */
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const HKDF_INFO = Buffer.from('sovereign backup x25519 key wrap v1', 'utf8');

export interface RecipientKeyPair {
  /** Raw X25519 public key (32 bytes). */
  publicKey: Buffer;
  /** Raw X25519 private key (32 bytes): wrap it before it touches a disk. */
  privateKey: Buffer;
}

export function newRecipientKeyPair(): RecipientKeyPair {
  const pair = generateKeyPairSync('x25519');
  return {
    publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length),
    privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length),
  };
}

function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function privateKeyObject(raw: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

/** The wrapping key: both public keys go into the salt so it is bound to this one exchange. */
function wrappingKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), HKDF_INFO, KEY_LENGTH));
}

/** The sender's half: an ephemeral key pair whose public half the header carries, and the key that wraps the data key. */
export function agreeAsSender(recipientPublic: Buffer): { ephemeralPublic: Buffer; wrappingKey: Buffer } {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = ephemeral.publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyObject(recipientPublic) });
  return { ephemeralPublic, wrappingKey: wrappingKey(shared, ephemeralPublic, recipientPublic) };
}

/** The recipient's half: the same wrapping key from the private key, or null when the ephemeral key is not a valid point. */
export function agreeAsRecipient(privateKey: Buffer, ephemeralPublic: Buffer): Buffer | null {
  try {
    const own = privateKeyObject(privateKey);
    const recipientPublic = createPublicKey(own).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
    const shared = diffieHellman({ privateKey: own, publicKey: publicKeyObject(ephemeralPublic) });
    return wrappingKey(shared, ephemeralPublic, recipientPublic);
  } catch {
    // A malformed ephemeral key (wrong length, a low-order point) is an altered header.
    return null;
  }
}

/** The key pair as it is kept (in the schedule file and in every scheduled backup's header): the private half sealed under the passphrase key. */
export interface SealedKeyPair {
  publicKey: string;
  wrappedPrivateKey: string;
  kdf: KdfParams;
}

/** A new key pair, its private half sealed under the passphrase's Argon2id key; the raw private key is dropped. */
export async function newSealedKeyPair(passphrase: string): Promise<SealedKeyPair> {
  const pair = newRecipientKeyPair();
  const kdf = newKdfParams();
  // The public key is the additional data: a private key cannot be paired with another public key unnoticed.
  const wrapped = wrapDataKey(pair.privateKey, await derivePassphraseKey(passphrase, kdf), pair.publicKey);
  pair.privateKey.fill(0);
  return { publicKey: pair.publicKey.toString('base64'), wrappedPrivateKey: wrapped.toString('base64'), kdf };
}

/** The raw private key, or null when the passphrase is wrong. */
export function openPrivateKey(sealed: Pick<SealedKeyPair, 'publicKey' | 'wrappedPrivateKey'>, passphraseKey: Buffer): Buffer | null {
  return unwrapDataKey(Buffer.from(sealed.wrappedPrivateKey, 'base64'), passphraseKey, Buffer.from(sealed.publicKey, 'base64'));
}
