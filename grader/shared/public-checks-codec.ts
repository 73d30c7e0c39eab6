import type { CaseAnswer, CheckGroup } from "../../contract/exercise";
import type { PublicChecksJson } from "../../contract/http/public-checks";

// The codec of GET /api/exercises/:id/public-checks (contract/http/public-checks.ts): the server encodes a learner's
// public groups and the reference's answers, the browser's Run worker decodes them and scores with grader/shared/score.ts.

/** Encodes public groups and their expected answers for the browser (throws on a hidden group: a bug). */
export function encodePublicChecks(
  exerciseId: string,
  seed: string,
  groups: readonly CheckGroup[],
  expected: readonly (readonly CaseAnswer[])[],
): PublicChecksJson {
  return {
    exerciseId,
    seed,
    groups: groups.map((group) => {
      if (group.visibility !== "public")
        throw new Error(`Refusing to send hidden check "${group.name}" to the browser.`);
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
    expected: json.expected.map((answers) =>
      answers.map((a): CaseAnswer => (a.ok ? { ok: true, value: a.value } : { ok: false, error: a.error })),
    ),
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
