/// <reference lib="webworker" />
import * as learnerApi from "../../sim/learner-api";
import { findCatalogEntry } from "../../content/catalog";
import type { CaseAnswer } from "../../contract/exercise";
import { scoreChecks } from "../../grader/shared/score";
import type { RunRequest, RunResponse } from "./run-protocol";

/**
 * Runs the learner's code against the public checks in the learner's own browser, off the main
 * thread (an infinite loop is ended by the page terminating this worker). It is a convenience, not
 * a security boundary: grades come only from the server's sandbox.
 */
declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<RunRequest>) => {
  const output: string[] = [];
  let outputBytes = 0;
  const capture = (...values: unknown[]) => {
    const line = values.map((v) => (typeof v === "string" ? v : safeStringify(v))).join(" ");
    if (outputBytes < event.data.consoleLimitBytes) output.push(line);
    outputBytes += line.length + 1;
  };
  const learnerConsole = { log: capture, info: capture, warn: capture, error: capture, debug: capture };
  const consoleText = () => output.join("\n") + (outputBytes > event.data.consoleLimitBytes ? "\n… (output truncated)" : "");
  self.postMessage(runChecks(event.data, learnerConsole, consoleText));
};

function runChecks(request: RunRequest, learnerConsole: Record<string, (...values: unknown[]) => void>, consoleText: () => string): RunResponse {
  const exercise = findCatalogEntry(request.exerciseId);
  if (!exercise) return { ok: false, stage: "internal", message: `Unknown exercise ${request.exerciseId}.`, console: "" };
  const entryName = exercise.spec.settings.entry;
  let entry: unknown;
  try {
    const module = { exports: {} as Record<string, unknown> };
    const requireModule = (name: string) => {
      if (name === "@pagewise/sim") return learnerApi;
      throw new Error(`Cannot import "${name}": exercises may import only "@pagewise/sim".`);
    };
    // The learner's own code in the learner's own browser: evaluating it here is what Run is for.
    new Function("module", "exports", "require", "console", request.javascript)(module, module.exports, requireModule, learnerConsole);
    entry = module.exports[entryName];
  } catch (error) {
    return { ok: false, stage: "load", message: `Your code threw while loading: ${errorText(error)}`, console: consoleText() };
  }
  if (typeof entry !== "function") {
    return { ok: false, stage: "load", message: `Export a function named ${entryName}.`, console: consoleText() };
  }
  const learnerEntry = entry as (...args: never[]) => unknown;
  const actual = request.groups.map((group): CaseAnswer[] => {
    const prepared = group.fixtures.map((fixture) => exercise.adapter.prepare(fixture));
    return group.cases.map((testCase): CaseAnswer => {
      try {
        const value: unknown = exercise.adapter.call(learnerEntry, prepared[testCase.fixture], testCase.input);
        // Same as the server: only plain data crosses back, so getters and proxies cannot lie later.
        return { ok: true, value: JSON.parse(JSON.stringify(value ?? null)) as unknown };
      } catch (error) {
        return { ok: false, error: errorText(error) };
      }
    });
  });
  return { ok: true, checks: scoreChecks(exercise.spec, request.groups, request.expected, actual), console: consoleText() };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${typeof error}: ${safeStringify(error)}`;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
