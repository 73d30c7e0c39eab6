import { z } from "zod";
import type { Limits } from "../../contract/limits";
import type { CaseAnswer, CheckGroup } from "../../contract/exercise";
import type { GroupOutcome } from "../shared/score";
import type { Sandbox, SandboxFailure } from "./sandbox";
import { lineSuffix, type LineMapper } from "./source-lines";

/** Which limit ended the run early, if any (the worst one wins: memory over time). */
export type LimitHit = "timeout" | "memory_limit" | null;

export interface ChecksRun {
  outcomes: GroupOutcome[];
  limitHit: LimitHit;
  /** A plain sentence about the limit that was hit, for the result's message. */
  limitMessage: string;
}

const caseAnswersSchema = z.array(
  z.union([
    z.object({ ok: z.literal(true), value: z.unknown() }).strict(),
    z.object({ ok: z.literal(false), error: z.string().max(4000), at: z.tuple([z.number().int(), z.number().int()]).optional() }).strict(),
  ]),
);

/**
 * Runs each check's cases in the sandbox, in order, within the per-check timeout and the run's CPU and wall
 * budgets. A check that times out is marked and the next one still runs; once a budget is spent or the isolate
 * is gone (memory), the remaining checks are marked not run. Answers are parsed and validated HERE, on the host.
 * Public checks must all come before hidden ones (throws otherwise, a grader bug): once a hidden case has entered
 * the isolate, the learner's code may hold it, so its console goes to the hidden side and no public check's
 * message (which shows the learner's answer) may follow.
 */
export async function runChecks(
  sandbox: Sandbox,
  groups: readonly CheckGroup[],
  limits: Limits,
  wallDeadlineMs: number,
  options: { disableTimeout: boolean; leakedExpected?: readonly (readonly CaseAnswer[])[]; lineMapper?: LineMapper },
): Promise<ChecksRun> {
  const outcomes: GroupOutcome[] = [];
  let limitHit: LimitHit = null;
  let limitMessage = "";
  const hit = (kind: Exclude<LimitHit, null>, message: string): void => {
    if (limitHit === "memory_limit") return;
    if (limitHit === null || kind === "memory_limit") {
      limitHit = kind;
      limitMessage = message;
    }
  };
  requirePublicFirst(groups);
  for (const [index, group] of groups.entries()) {
    const cpuLeft = limits.cpuTimeMs - sandbox.cpuMs();
    const wallLeft = wallDeadlineMs - performance.now();
    if (!sandbox.isAlive() || cpuLeft <= 0 || wallLeft <= 0) {
      if (sandbox.isAlive()) hit("timeout", `Your code used up its total time budget (${limits.cpuTimeMs} ms of CPU, ${limits.wallTimeMs} ms overall).`);
      outcomes.push({ stopped: "not_run", message: "Not run: an earlier check used up the time or memory budget." });
      continue;
    }
    const budget = Math.max(1, Math.floor(Math.min(limits.perCheckTimeoutMs, cpuLeft, wallLeft)));
    const isPerCheck = budget === limits.perCheckTimeoutMs;
    const leaked = options.leakedExpected ? { expected: options.leakedExpected[index] } : undefined;
    if (group.visibility === "hidden") sandbox.consoleBuffer.enterHiddenPhase();
    const run = sandbox.runGroup(group, options.disableTimeout ? 600_000 : budget, leaked);
    if (run.ok) {
      outcomes.push(parseAnswers(run.json, group.cases.length, options.lineMapper ?? null));
      if (run.json.includes("Array buffer allocation failed")) hit("memory_limit", `Your code ran out of memory (the limit is ${limits.memoryMb} MB).`);
      continue;
    }
    outcomes.push(stoppedFor(run.failure, group, run.caseIndex, budget, isPerCheck, limits));
    const message = limitSentence(run.failure, budget, isPerCheck, limits);
    if (run.failure.kind === "memory_limit") hit("memory_limit", message);
    else if (run.failure.kind !== "crashed") hit("timeout", message);
  }
  return { outcomes, limitHit, limitMessage };
}

function requirePublicFirst(groups: readonly CheckGroup[]): void {
  const firstHidden = groups.findIndex((group) => group.visibility === "hidden");
  if (firstHidden >= 0 && groups.slice(firstHidden).some((group) => group.visibility === "public")) {
    throw new Error("a public check was ordered after a hidden one; its message could carry hidden data");
  }
}

function parseAnswers(json: string, expectedCount: number, lineMapper: LineMapper | null): GroupOutcome {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { stopped: "error", message: "Your code's answers could not be read back from the sandbox." };
  }
  const parsed = caseAnswersSchema.safeParse(raw);
  if (!parsed.success || parsed.data.length !== expectedCount) {
    return { stopped: "error", message: "Your code's answers could not be read back from the sandbox (wrong shape or count)." };
  }
  return parsed.data.map((answer): CaseAnswer => (answer.ok ? { ok: true, value: answer.value } : { ok: false, error: `${answer.error}${lineSuffix(lineMapper, answer.at)}` }));
}

function stoppedFor(failure: SandboxFailure, group: CheckGroup, caseIndex: number, budget: number, isPerCheck: boolean, limits: Limits): GroupOutcome {
  const testCase = caseIndex >= 0 ? group.cases[caseIndex] : undefined;
  const where = testCase ? ` (on case ${caseIndex + 1} of ${group.cases.length}, input ${preview(testCase.input)})` : "";
  switch (failure.kind) {
    case "timeout":
      return {
        stopped: "timeout",
        message: isPerCheck
          ? `This check took longer than ${budget} ms${where}. Look for a loop that never ends.`
          : `This check ran out of the submission's remaining time (${budget} ms left of ${limits.cpuTimeMs} ms)${where}.`,
      };
    case "wall_limit":
      return { stopped: "timeout", message: `Stopped: the whole submission took longer than ${limits.wallTimeMs} ms.` };
    case "memory_limit":
      return { stopped: "error", failure: "out_of_memory", message: `Your code ran out of memory during this check (the limit is ${limits.memoryMb} MB).` };
    case "crashed":
      return { stopped: "error", message: `This check could not finish: ${failure.message.slice(0, 500)}` };
  }
}

function limitSentence(failure: SandboxFailure, budget: number, isPerCheck: boolean, limits: Limits): string {
  switch (failure.kind) {
    case "timeout":
      return isPerCheck ? `A check took longer than its ${budget} ms limit.` : `Your code used up its total time budget (${limits.cpuTimeMs} ms).`;
    case "wall_limit":
      return `Your submission took longer than ${limits.wallTimeMs} ms overall.`;
    case "memory_limit":
      return `Your code ran out of memory (the limit is ${limits.memoryMb} MB).`;
    case "crashed":
      return "";
  }
}

function preview(input: Record<string, unknown>): string {
  const text = JSON.stringify(input) ?? "";
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
