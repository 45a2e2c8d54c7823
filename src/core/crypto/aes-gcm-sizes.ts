/** AES-256-GCM as used everywhere here: a 256-bit key, a 96-bit nonce, a 128-bit tag. */
export const KEY_LENGTH = 32;
export const NONCE_LENGTH = 12;
export const TAG_LENGTH = 16;
/** A data key sealed under another key: nonce, ciphertext, tag. */
export const WRAPPED_KEY_LENGTH = NONCE_LENGTH + KEY_LENGTH + TAG_LENGTH;
/** The frame before each sealed chunk: flags (u8), ciphertext length (u32 BE). */
export const CHUNK_FRAME_LENGTH = 1 + 4;
