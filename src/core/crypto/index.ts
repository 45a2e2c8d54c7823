// Not re-exported from core/index.ts: loading argon2 (native) is only for the code paths that need a key.
export * from './aes-gcm-sizes.js';
export * from './kdf-params.js';
export * from './passphrase-key.js';
export * from './chunk-cipher.js';
export * from './sealed-value.js';
export * from './file-cipher.js';
