export * from './vault-file.js';
export * from './vault-kdf.js';
export * from './recovery-key.js';
export * from './vault-keys.js';
export * from './vault-cipher.js';
export * from './convert-to-vault.js';
export * from './vault-gate.js';
export * from './vault-locked.js';
