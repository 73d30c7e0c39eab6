import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicChecksJsonSchema, type PublicChecksJson } from "../../contract/http/public-checks";
import { encodePublicChecks } from "../../grader/shared/public-checks-codec";
import type { GradeResult } from "../../contract/grade-result";
import { LocalPool } from "../../grader/pool/local-pool";
import { preparePublicChecks } from "../../grader/public-checks";
import { REPO_ROOT } from "../../scripts/build-grader";

// The replay proof: the public checks and the reference's answers to them go to the learner's browser (for Run), so
// a learner can submit a program that answers every public case by looking it up. It must earn every public point
// and NO hidden point, because hidden cases come from a fresh hidden seed per submission, never from the public one.
// walk-32 through the production worker, with the public checks exactly as GET /api/exercises/walk-32/public-checks
// sends them: grader/public-checks.ts, then grader/shared/public-checks-codec.ts, then JSON.

const EXERCISE = "walk-32";
const LEARNER_SEED = "0f3a9c2b7d5e1a46";
const FOLDER = "content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32";

/** What the browser receives: the route's JSON body, parsed the way the Run worker parses it. */
function publicChecksAsTheBrowserGetsThem(): PublicChecksJson {
  const checks = preparePublicChecks(EXERCISE, LEARNER_SEED);
  const body = JSON.stringify(encodePublicChecks(EXERCISE, LEARNER_SEED, checks.groups, checks.expected));
  return publicChecksJsonSchema.parse(JSON.parse(body));
}

/** translate()'s arguments as the key a lookup table can use: the adapter's registers (case over fixture), va, access. */
function caseKey(meta: Record<string, unknown>, input: Record<string, unknown>): string {
  const pick = (name: string, fallback: unknown) => input[name] ?? meta[name] ?? fallback;
  return JSON.stringify([pick("cr0", 0), pick("cr3", 0), pick("cr4", 0), pick("ac", false), pick("user", false), input.implicit ?? false, input.va, input.access]);
}

/** A submission that knows nothing but the public answers: a table lookup, else a constant translation. */
function tableLookupProgram(json: PublicChecksJson): string {
  const table = new Map<string, unknown>();
  json.groups.forEach((group, g) => {
    group.cases.forEach((testCase, c) => {
      const answer = json.expected[g]?.[c];
      const fixture = group.fixtures[testCase.fixture];
      if (!answer?.ok || !fixture) throw new Error(`public case ${g}/${c} has no answer`);
      table.set(caseKey(fixture.meta, testCase.input), (answer.value as { result: unknown }).result);
    });
  });
  return [
    'import type { Access, Cpu32, PhysicalMemory, Translation32 } from "@pagewise/sim";',
    `const ANSWERS = new Map<string, Translation32>(${JSON.stringify([...table])});`,
    "const FALLBACK: Translation32 = { ok: true, pa: 0, pageSize: 4096 };",
    "export function translate(cpu: Cpu32, _mem: PhysicalMemory, va: number, access: Access): Translation32 {",
    "  return ANSWERS.get(JSON.stringify([cpu.cr0, cpu.cr3, cpu.cr4, cpu.ac, cpu.user, cpu.implicit, va, access])) ?? FALLBACK;",
    "}",
  ].join("\n");
}

const points = (result: GradeResult, visibility: "public" | "hidden") => {
  const checks = result.checks.filter((check) => check.visibility === visibility);
  return { earned: checks.reduce((sum, c) => sum + c.earned, 0), max: checks.reduce((sum, c) => sum + c.points, 0), passed: checks.filter((c) => c.verdict === "pass").length, count: checks.length };
};

let pool: LocalPool;
beforeAll(() => {
  pool = new LocalPool({ workerPath: join(REPO_ROOT, "generated/grader/worker.mjs"), size: 1 });
});
afterAll(async () => {
  await pool.close();
});

describe("replaying the public answers (walk-32)", () => {
  const program = tableLookupProgram(publicChecksAsTheBrowserGetsThem());

  it.each(["5eed0f4e1d2c3b4a", "a1b2c3d4e5f60718"])("earns every public point and no hidden point (hidden seed %s)", async (hiddenSeed) => {
    const result = await pool.grade({ exerciseId: EXERCISE, code: program, seed: LEARNER_SEED, hiddenSeed });
    expect(result.status).toBe("graded");
    const shown = points(result, "public");
    expect(shown.passed).toBe(shown.count);
    expect(shown.earned).toBe(shown.max);
    const hidden = points(result, "hidden");
    expect(hidden.count).toBeGreaterThan(0);
    expect(hidden.passed).toBe(0);
    // Judged and failed (wrong answers), not skipped: the lookup ran on every hidden case.
    expect(result.checks.filter((c) => c.visibility === "hidden").map((c) => c.verdict)).toEqual(Array(hidden.count).fill("fail"));
    expect(hidden.earned).toBe(0);
    expect(result.score).toBe(shown.max);
  });

  it("is not saved by hidden checks that cannot be earned: the reference solution earns them all with the same seeds", async () => {
    const solution = readFileSync(join(REPO_ROOT, FOLDER, "solution.ts"), "utf8");
    const result = await pool.grade({ exerciseId: EXERCISE, code: solution, seed: LEARNER_SEED, hiddenSeed: "5eed0f4e1d2c3b4a" });
    expect(result.status).toBe("graded");
    expect(points(result, "hidden").earned).toBe(points(result, "hidden").max);
    expect(result.score).toBe(result.maxScore);
  });
});
