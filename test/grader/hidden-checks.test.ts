import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactForLearner } from "../../grader/redact";
import type { GradeResult } from "../../contract/grade-result";
import { HIDDEN_OUTPUT_NOTE } from "../../grader/pipeline/console-buffer";
import type { LocalPool } from "../../grader/pool/local-pool";
import { fixtureDefinitions } from "./fixtures/definitions";
import { startTestPool } from "./helpers";

// Hidden checks never come back to the learner with their inputs, expected values, or what the learner's code
// printed while they ran: programs that print, throw, answer wrongly or loop on exactly the hidden cases go through
// real workers, and the learner's view of each result (and the fields the server shows as they are: message,
// console) must hold none of those numbers. Instructors keep all of it in the stored result.
// add-two-numbers: public cases are small (|a|, |b| < 1000), hidden ones are drawn from +-2^29.

const HIDDEN_SEED = "hidden-checks-test";
const HIDDEN_CHECK = "sums of fresh large numbers";

/** Every number of the hidden cases as text: inputs and expected sums (all far from anything else in a result). */
function hiddenNumbers(): string[] {
  const definition = fixtureDefinitions["add-two-numbers"];
  if (!definition) throw new Error("no add-two-numbers fixture");
  const cases = definition.secrets.hiddenChecks(HIDDEN_SEED).flatMap((group) => group.cases);
  const numbers = cases.flatMap(({ input }) => [Number(input.a), Number(input.b), Number(input.a) + Number(input.b)]);
  for (const n of numbers) if (Math.abs(n) < 100_000) throw new Error(`hidden number ${n} is too small to search for`);
  return numbers.map(String);
}

const isHidden = "Math.abs(a) > 1000 || Math.abs(b) > 1000";

const programs = {
  printsAndThrows: `export function add(a: number, b: number): number {\n  console.log("case", a, b);\n  if (${isHidden}) throw new Error("leak " + a + " " + b);\n  return a + b;\n}`,
  answersWrongly: `export function add(a: number, b: number): number {\n  return ${isHidden} ? a - b : a + b;\n}`,
  loopsForever: `export function add(a: number, b: number): number {\n  if (${isHidden}) for (;;) {}\n  return a + b;\n}`,
  stashesAndPrintsLater: `const seen: number[] = [];\nexport function add(a: number, b: number): number {\n  seen.push(a, b);\n  if (seen.length > 60) console.log(seen.join(","));\n  return ${isHidden} ? 0 : a + b;\n}`,
};

let pool: LocalPool;
const results = new Map<keyof typeof programs, GradeResult>();
beforeAll(async () => {
  pool = startTestPool({ size: 2 });
  const names = Object.keys(programs) as (keyof typeof programs)[];
  const graded = await Promise.all(names.map((name) => pool.grade({ exerciseId: "add-two-numbers", code: programs[name], seed: "7", hiddenSeed: HIDDEN_SEED })));
  names.forEach((name, i) => {
    const result = graded[i];
    if (result) results.set(name, result);
  });
});
afterAll(async () => {
  await pool.close();
});

function resultOf(name: keyof typeof programs): GradeResult {
  const result = results.get(name);
  if (!result) throw new Error(`no result for ${name}`);
  return result;
}

function hiddenCheckOf(result: GradeResult) {
  const check = result.checks.find((c) => c.name === HIDDEN_CHECK);
  if (!check) throw new Error("the hidden check is missing");
  return check;
}

/** Which hidden numbers `text` contains. */
const leakedIn = (text: string) => hiddenNumbers().filter((n) => text.includes(n));

describe.each(Object.keys(programs) as (keyof typeof programs)[])("a program that %s on hidden cases", (name) => {
  it("earns every public point and no hidden point", () => {
    const result = resultOf(name);
    expect(result.checks.filter((c) => c.visibility === "public").every((c) => c.verdict === "pass")).toBe(true);
    expect(hiddenCheckOf(result).earned).toBe(0);
  });

  it("shows the learner none of the hidden inputs or expected sums, anywhere in their view", () => {
    const result = resultOf(name);
    expect(leakedIn(JSON.stringify(redactForLearner(result)))).toEqual([]);
    // The server shows these two as they are, beside the redacted result.
    expect(leakedIn(result.message)).toEqual([]);
    expect(leakedIn(result.console)).toEqual([]);
  });

  it("tells the learner which kind of case failed and how, in a message built without the case", () => {
    const check = hiddenCheckOf(redactForLearner(resultOf(name)));
    expect(check.message).toContain(`a hidden case of "${HIDDEN_CHECK}"`);
    expect(check.traces).toBeUndefined();
  });
});

describe("what the learner and the instructor each read", () => {
  it("the learner reads why: a thrown error, a wrong answer, too long", () => {
    expect(hiddenCheckOf(redactForLearner(resultOf("printsAndThrows"))).message).toMatch(/^Your code threw an error .* \(0 of its 20 cases passed\)/);
    expect(hiddenCheckOf(redactForLearner(resultOf("answersWrongly"))).message).toMatch(/^Your code returned a wrong answer .* \(0 of its 20 cases passed\)/);
    expect(hiddenCheckOf(redactForLearner(resultOf("loopsForever"))).message).toMatch(/^Your code took too long/);
  });

  it("the learner's console keeps what was printed during public checks and says the rest is kept back", () => {
    const { console: shown } = redactForLearner(resultOf("printsAndThrows"));
    expect(shown).toContain("case 0 1\n");
    expect(shown.endsWith(HIDDEN_OUTPUT_NOTE)).toBe(true);
  });

  it("the stored result keeps the hidden side for instructors: the failing case, its console output", () => {
    const stored = resultOf("printsAndThrows");
    const [firstHidden] = hiddenNumbers();
    expect(hiddenCheckOf(stored).message).toContain(`leak ${firstHidden}`);
    expect(stored.serverOnly?.hiddenConsole).toContain(`case ${firstHidden}`);
    expect(leakedIn(hiddenCheckOf(resultOf("answersWrongly")).message).length).toBeGreaterThan(0);
    expect(hiddenCheckOf(resultOf("loopsForever")).message).toContain(`input {"a":${firstHidden}`);
    expect(resultOf("stashesAndPrintsLater").serverOnly?.hiddenConsole).toContain(firstHidden);
  });
});
