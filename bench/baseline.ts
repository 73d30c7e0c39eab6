import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

// `--baseline=DIR` for every suite that takes it: another built checkout measured beside this one in the same run.

/** The baseline checkout's folder, resolved; null when the run was not given one. */
export function baselineRoot(): string | null {
  const given = process.argv.find((arg) => arg.startsWith("--baseline="))?.slice("--baseline=".length);
  return given ? resolve(given) : null;
}

/** The baseline's grader worker bundle; throws when the baseline has not been built. */
export function baselineWorkerPath(root: string): string {
  const worker = join(root, "generated/grader/worker.mjs");
  if (!existsSync(worker)) throw new Error(`${worker} is missing: build the baseline first.`);
  return worker;
}

/** `items` as given in even rounds, reversed in odd ones: neither side always meets the machine just after the other's work. */
export function inTurn<T>(round: number, items: readonly T[]): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}
