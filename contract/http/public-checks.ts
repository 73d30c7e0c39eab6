import { z } from "zod";

/**
 * Public checks over JSON: the web server sends a learner's public check groups and the reference's
 * answers to the browser, whose Run worker scores the learner's code with them (grader/shared/score.ts).
 * Fixture bytes travel as base64. Hidden groups never take this path.
 */
const fixtureJsonSchema = z.object({
  frames: z.array(z.number().int().nonnegative()).max(65_536),
  bytesBase64: z.string().max(64 * 1024 * 1024),
  meta: z.record(z.string(), z.unknown()),
});

const groupJsonSchema = z.object({
  name: z.string(),
  points: z.number().nonnegative(),
  visibility: z.literal("public"),
  fixtures: z.array(fixtureJsonSchema).max(256),
  cases: z
    .array(z.object({ fixture: z.number().int().nonnegative(), input: z.record(z.string(), z.unknown()) }))
    .max(10_000),
});

const caseAnswerSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export const publicChecksJsonSchema = z.object({
  exerciseId: z.string(),
  seed: z.string(),
  groups: z.array(groupJsonSchema),
  expected: z.array(z.array(caseAnswerSchema)),
});
export type PublicChecksJson = z.infer<typeof publicChecksJsonSchema>;
