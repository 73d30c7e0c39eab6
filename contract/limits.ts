import { z } from "zod";

/** Per-exercise limits; every field has a default, units are in the names. */
export const limitsSchema = z
  .object({
    cpuTimeMs: z.number().int().min(10).max(60_000).default(2_000),
    wallTimeMs: z.number().int().min(50).max(120_000).default(5_000),
    perCheckTimeoutMs: z.number().int().min(5).max(60_000).default(1_000),
    memoryMb: z.number().int().min(8).max(1_024).default(64),
    codeSizeBytes: z.number().int().min(256).max(1_048_576).default(65_536),
    consoleBytes: z.number().int().min(0).max(65_536).default(8_192),
  })
  .strict();
export type Limits = z.infer<typeof limitsSchema>;
export const defaultLimits: Limits = limitsSchema.parse({});
