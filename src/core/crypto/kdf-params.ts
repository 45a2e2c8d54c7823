import { z } from 'zod';

/** Argon2id parameters as recorded beside what they protect, so a later unlock derives the same key. */
export const kdfParamsSchema = z.object({
  algorithm: z.literal('argon2id'),
  memoryCost: z.number().int().min(8).max(4 * 1024 * 1024),
  timeCost: z.number().int().min(1).max(100),
  parallelism: z.number().int().min(1).max(16),
  salt: z.string().min(16),
});
export type KdfParams = z.infer<typeof kdfParamsSchema>;
