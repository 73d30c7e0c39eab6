import { z } from "zod";
import type { CaseAnswer, CheckGroup } from "./exercise";

/**
 * Public checks over JSON: the web server sends a learner's public check groups and the reference's
 * answers to the browser, whose Run worker scores the learner's code with them (content/kit/score.ts).
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
  cases: z.array(z.object({ fixture: z.number().int().nonnegative(), input: z.record(z.string(), z.unknown()) })).max(10_000),
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

/** Encodes public groups and their expected answers for the browser (throws on a hidden group: a bug). */
export function encodePublicChecks(exerciseId: string, seed: string, groups: readonly CheckGroup[], expected: readonly (readonly CaseAnswer[])[]): PublicChecksJson {
  return {
    exerciseId,
    seed,
    groups: groups.map((group) => {
      if (group.visibility !== "public") throw new Error(`Refusing to send hidden check "${group.name}" to the browser.`);
      return {
        name: group.name,
        points: group.points,
        visibility: "public" as const,
        fixtures: group.fixtures.map((f) => ({ frames: f.frames, bytesBase64: bytesToBase64(f.bytes), meta: f.meta })),
        cases: group.cases.map((c) => ({ fixture: c.fixture, input: c.input })),
      };
    }),
    expected: expected.map((answers) => answers.map((a) => ({ ...a }))),
  };
}

/** The inverse of encodePublicChecks. */
export function decodePublicChecks(json: PublicChecksJson): { groups: CheckGroup[]; expected: CaseAnswer[][] } {
  return {
    groups: json.groups.map((group) => ({
      name: group.name,
      points: group.points,
      visibility: group.visibility,
      fixtures: group.fixtures.map((f) => ({ frames: f.frames, bytes: base64ToBytes(f.bytesBase64), meta: f.meta })),
      cases: group.cases,
    })),
    expected: json.expected.map((answers) => answers.map((a): CaseAnswer => (a.ok ? { ok: true, value: a.value } : { ok: false, error: a.error }))),
  };
}

// btoa/atob exist in browsers, workers and Node >= 16; chunked so large fixtures do not overflow the stack.
function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
