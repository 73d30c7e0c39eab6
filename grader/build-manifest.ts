import { z } from "zod";

/**
 * generated/grader[/test]/runtime/manifest.json, written by scripts/build-grader.ts: for each exercise, its
 * sandbox runtime bundle (sim's learner API + adapter, an IIFE) and a version hashed from the exercise's files.
 */
export const buildManifestSchema = z
  .object({
    graderVersion: z.string(),
    exercises: z.record(z.string(), z.object({ runtime: z.string().regex(/^[a-z0-9-]+\.js$/), version: z.string().min(1) }).strict()),
  })
  .strict();
export type BuildManifest = z.infer<typeof buildManifestSchema>;

export const MANIFEST_FILE = "manifest.json";
