/**
 * Argon2id cost of a new vault's passphrase key, aimed at ~0.5 s per unlock
 * here: 64 MiB at 3 passes took ~0.9 s (../shared/STACK.md); one pass over 64 MiB
 * costs ~0.3 s, so 2 passes land near 0.5-0.6 s while keeping the memory
 * that makes GPU guessing expensive. Measured by tests/bench/vault.
 */
export const VAULT_KDF_COST = { memoryCost: 65536, timeCost: 2, parallelism: 1 } as const;
