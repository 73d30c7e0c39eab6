import type { CheckResult, GradeResult } from "../../contract/grade-result";
import type { Prisma } from "../../generated/prisma/client";
import { pick, type Random } from "./random";

// The large course's submissions and the results stored with them: what the grader writes for walk-32-like
// exercises, with each learner's seeded inputs in the messages (so failure patterns have something to group) and
// hidden checks' messages naming their hidden case, as real ones do (the analytics must never show those).

const hex = (random: Random, digits = 8) =>
  `0x${Math.floor(random() * 16 ** digits)
    .toString(16)
    .padStart(digits, "0")}`;

/** One check of an exercise: its name, visibility, points and how hard it is (0..1, the chance a weak learner fails). */
export interface CheckSpec {
  name: string;
  visibility: "public" | "hidden";
  points: number;
  difficulty: number;
}

export const CHECKS: readonly CheckSpec[] = [
  { name: "4 KB pages in your process", visibility: "public", points: 2, difficulty: 0.15 },
  { name: "4 MB kernel pages (PSE)", visibility: "public", points: 2, difficulty: 0.35 },
  { name: "Not-present entries", visibility: "public", points: 2, difficulty: 0.25 },
  { name: "User vs supervisor and read-only rights", visibility: "public", points: 2, difficulty: 0.45 },
  { name: "Differential: 40 random addresses of your own machine", visibility: "public", points: 2, difficulty: 0.5 },
  { name: "4 MB page offset math", visibility: "hidden", points: 2, difficulty: 0.3 },
  { name: "High physical addresses: bit 31 and PSE-36", visibility: "hidden", points: 2, difficulty: 0.55 },
  { name: "Reserved bit 21 in a 4 MB PDE", visibility: "hidden", points: 2, difficulty: 0.4 },
  { name: "SMAP: EFLAGS.AC = 1 vs implicit accesses", visibility: "hidden", points: 2, difficulty: 0.6 },
  { name: "Differential: 200 random walks on a fresh machine", visibility: "hidden", points: 2, difficulty: 0.5 },
];
export const MAX_SCORE = CHECKS.reduce((sum, check) => sum + check.points, 0);

// The mistakes learners make, as the grader words them; a check's failures are drawn from these.
const MISTAKES: readonly ((random: Random) => string)[] = [
  (r) =>
    `Walking ${hex(r)} for a user read: you returned pa ${hex(r)} (a 4 KB page), expected pa ${hex(r)} (a 4 KB page).`,
  (r) =>
    `Walking ${hex(r)} for a kernel read: you returned pa ${hex(r)} (a 4 KB page), expected pa ${hex(r)} (a 4 MB page). Hint: This address is mapped by a 4 MB page: the PDE has PS = 1 and CR4.PSE = 1, so there is no page table.`,
  (r) =>
    `Walking ${hex(r)} for a user read: you returned a page fault with error code 0x0 (no bits) and CR2 ${hex(r)}, expected a page fault with error code 0x4 (U) and CR2 ${hex(r)}. Hint: U/S (0x4) describes who accessed, not the page.`,
  (r) =>
    `Walking ${hex(r)} for a user write with CR0.WP = 1: you returned pa ${hex(r)} (a 4 KB page), expected a page fault with error code 0x7 (P|W|U) and CR2 ${hex(r)}. Hint: A user access needs U/S = 1 in both the PDE and the PTE.`,
];

function failedCheck(random: Random, spec: CheckSpec, index: number): CheckResult {
  const casesRun = 4 + ((index * 7) % 9);
  const casesPassed = Math.floor(random() * casesRun);
  // Each check has its usual mistake (seven failures in ten), and the others now and then.
  const usual = MISTAKES[index % MISTAKES.length];
  const mistake = usual && random() < 0.7 ? usual : pick(random, MISTAKES);
  const message = `Case ${casesPassed + 1} of ${casesRun} (${casesPassed} passed): ${mistake(random)}`;
  const failure = random() < 0.92 ? "wrong_answer" : random() < 0.5 ? "error" : "timeout";
  return {
    name: spec.name,
    visibility: spec.visibility,
    points: spec.points,
    earned: 0,
    verdict: failure === "wrong_answer" ? "fail" : failure === "error" ? "error" : "timeout",
    failure,
    message,
    casesRun,
    casesPassed,
  };
}

/** A graded result: the checks that pass as given, the others failing with a seeded message. */
export function gradedResult(
  random: Random,
  exerciseId: string,
  passes: readonly boolean[],
  seed: string,
): GradeResult {
  const checks = CHECKS.map((spec, index): CheckResult => {
    if (passes[index])
      return {
        name: spec.name,
        visibility: spec.visibility,
        points: spec.points,
        earned: spec.points,
        verdict: "pass",
        message: `All ${4 + ((index * 7) % 9)} cases passed.`,
        casesRun: 4 + ((index * 7) % 9),
        casesPassed: 4 + ((index * 7) % 9),
      };
    return failedCheck(random, spec, index);
  });
  const score = checks.reduce((sum, check) => sum + check.earned, 0);
  return envelope(
    exerciseId,
    "graded",
    score,
    `Passed ${checks.filter((c) => c.verdict === "pass").length} of ${checks.length} checks: ${score}/${MAX_SCORE} points.`,
    checks,
    seed,
  );
}

/** A compile error: nothing ran. */
export function compileErrorResult(exerciseId: string, seed: string): GradeResult {
  const checks = CHECKS.map((spec): CheckResult => ({
    name: spec.name,
    visibility: spec.visibility,
    points: spec.points,
    earned: 0,
    verdict: "not_run",
    failure: "not_run",
    message: "Not run: the code does not compile.",
    casesRun: 0,
    casesPassed: 0,
  }));
  const result = envelope(
    exerciseId,
    "compile_error",
    0,
    'Your code does not compile: line 12, column 9: Expected ";" but found "pa"',
    checks,
    seed,
  );
  return { ...result, compileErrors: [{ line: 12, column: 9, message: 'Expected ";" but found "pa"' }] };
}

function envelope(
  exerciseId: string,
  status: GradeResult["status"],
  score: number,
  message: string,
  checks: CheckResult[],
  seed: string,
): GradeResult {
  return {
    schemaVersion: 1,
    status,
    score,
    maxScore: MAX_SCORE,
    message,
    checks,
    compileErrors: [],
    console: "",
    exerciseId,
    exerciseVersion: "v1",
    graderVersion: "bench",
    seed,
    hiddenSeed: `${seed}-hidden`,
    timings: { compileMs: 12, runMs: 85, totalMs: 97 },
  };
}

/** A submission as insertRows writes it: every column given, so every row has the same keys. */
export type SubmissionRow = Required<
  Pick<
    Prisma.SubmissionCreateManyInput,
    | "id"
    | "userId"
    | "exerciseId"
    | "exerciseVersion"
    | "code"
    | "status"
    | "outcome"
    | "rawScore"
    | "score"
    | "credit"
    | "creditReason"
    | "maxScore"
    | "seed"
    | "resultJson"
    | "createdAt"
  >
>;
export interface Attempter {
  userId: string;
  exerciseId: string;
  /** 0..1: how likely each check passes, and the last try gets everything right. */
  skill: number;
  deadline: number;
  firstAt: number;
  clamp: (time: number) => number;
}

/** 1-6 submissions, 5 minutes to 3 hours apart; late ones (after the deadline) keep 50%. */
export function learnerSubmissions(random: Random, who: Attempter): SubmissionRow[] {
  const count = 1 + Math.floor(random() ** (0.5 + who.skill) * 6);
  const rows: SubmissionRow[] = [];
  let at = who.firstAt;
  for (let k = 0; k < count; k++) {
    const seed = `${who.userId}-${who.exerciseId}`;
    const roll = random();
    // Each try passes more; a learner's last try gets everything right as often as they are skilled.
    const nailsIt = k === count - 1 && random() < who.skill;
    const passes = CHECKS.map((check) => nailsIt || random() > check.difficulty * (1.4 - who.skill) - 0.08 * k);
    const result =
      roll < 0.02
        ? null
        : roll < 0.05
          ? compileErrorResult(who.exerciseId, seed)
          : gradedResult(random, who.exerciseId, passes, seed);
    const credit = at < who.deadline ? 100 : 50;
    rows.push({
      id: `${seed}:${k + 1}`,
      userId: who.userId,
      exerciseId: who.exerciseId,
      exerciseVersion: "v1",
      code: `// attempt ${k + 1}\nexport function translate() {}\n`,
      status: result ? "graded" : "failed",
      outcome: result ? result.status : "internal_error",
      rawScore: result ? result.score : null,
      score: result ? (result.score * credit) / 100 : null,
      credit,
      creditReason: credit === 100 ? "on_time" : "late",
      maxScore: MAX_SCORE,
      seed,
      resultJson: result ? JSON.stringify(result) : null,
      createdAt: new Date(at),
    });
    at = who.clamp(at + (5 + random() * 180) * 60_000);
  }
  return rows;
}
