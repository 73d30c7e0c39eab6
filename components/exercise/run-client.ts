import { publicChecksJsonSchema } from "../../contract/http/public-checks";
import { decodePublicChecks } from "../../grader/shared/public-checks-codec";
import type { CaseAnswer, CheckGroup } from "../../contract/exercise";
import { fetchPublicChecks } from "./api-client";
import type { RunRequest, RunResponse } from "./run-protocol";
import type { RunOutcome } from "./types";

const RUN_TIMEOUT_MS = 5_000;
const CONSOLE_LIMIT_BYTES = 8_192;

/** Public checks are fetched once per exercise and page: the learner's seed does not change. */
const checksCache = new Map<string, Promise<{ groups: CheckGroup[]; expected: CaseAnswer[][] }>>();

function loadChecks(exerciseId: string) {
  let pending = checksCache.get(exerciseId);
  if (!pending) {
    pending = fetchPublicChecks(exerciseId, publicChecksJsonSchema).then(decodePublicChecks);
    pending.catch(() => checksCache.delete(exerciseId));
    checksCache.set(exerciseId, pending);
  }
  return pending;
}

/**
 * Runs the compiled code against the exercise's public checks in a fresh Web Worker, which is
 * terminated after RUN_TIMEOUT_MS so an infinite loop never freezes the page.
 */
export async function runPublicChecks(exerciseId: string, javascript: string): Promise<RunOutcome> {
  const { groups, expected } = await loadChecks(exerciseId);
  const worker = new Worker(new URL("./run-worker.ts", import.meta.url), { type: "module" });
  const request: RunRequest = { exerciseId, javascript, groups, expected, consoleLimitBytes: CONSOLE_LIMIT_BYTES };
  try {
    const response = await new Promise<RunResponse | "timeout">((resolve, reject) => {
      const timer = setTimeout(() => resolve("timeout"), RUN_TIMEOUT_MS);
      worker.onmessage = (event: MessageEvent<RunResponse>) => {
        clearTimeout(timer);
        resolve(event.data);
      };
      worker.onerror = (event) => {
        clearTimeout(timer);
        reject(new Error(`Run failed: ${event.message || "the worker crashed (out of memory?)"}`));
      };
      worker.postMessage(request);
    });
    return toOutcome(response);
  } finally {
    worker.terminate();
  }
}

function toOutcome(response: RunResponse | "timeout"): RunOutcome {
  if (response === "timeout") {
    return {
      kind: "run",
      status: "timeout",
      message: `Your code ran for more than ${RUN_TIMEOUT_MS / 1000} seconds and was stopped. Look for a loop that never ends.`,
      checks: [],
      compileErrors: [],
      console: "",
    };
  }
  if (!response.ok) {
    return { kind: "run", status: response.stage === "load" ? "runtime_error" : "internal_error", message: response.message, checks: [], compileErrors: [], console: response.console };
  }
  const passed = response.checks.filter((check) => check.verdict === "pass").length;
  return {
    kind: "run",
    status: "graded",
    message:
      passed === response.checks.length
        ? `All ${passed} public checks pass. Submit to be graded on the hidden checks too.`
        : `${passed} of ${response.checks.length} public checks pass.`,
    checks: response.checks,
    compileErrors: [],
    console: response.console,
  };
}
