import { createRequire } from "node:module";
import type IsolatedVm from "ivm-node20";

/** The isolated-vm module's API (5.x and 7.x share it for everything the grader uses). */
export type Ivm = typeof IsolatedVm;

export interface LoadedIvm {
  ivm: Ivm;
  /** Which package was loaded, for the worker's ready message and the self-test's report. */
  source: string;
}

/** Set this to a folder holding an unpacked isolated-vm (e.g. `npm pack isolated-vm@7.0.1`) to try it first. */
export const IVM_PATH_ENV = "PAGEWISE_IVM_PATH";

// isolated-vm is a native addon tied to Node's major version, so package.json installs it twice under
// aliases (ivm-node20 = 5.0.4, ivm-node24 = 7.0.1) and npm keeps whichever builds for this Node.
// Node 22 gets 5.0.4 built against its own headers, hence the fallback through every alias.
const ALIASES = ["ivm-node20", "ivm-node24"] as const;

/**
 * Loads isolated-vm for the running Node: $PAGEWISE_IVM_PATH first when set, then `ivm-node<major>`, then the
 * other aliases. Throws one error listing every attempt when none loads (never returns a half-working module).
 */
export function requireIvm(): LoadedIvm {
  const require = createRequire(import.meta.url);
  const major = Number(process.versions.node.split(".")[0]);
  const preferred = `ivm-node${major}`;
  const candidates = [
    ...(process.env[IVM_PATH_ENV] ? [process.env[IVM_PATH_ENV] ?? ""] : []),
    ...(ALIASES.some((alias) => alias === preferred) ? [preferred] : []),
    ...ALIASES.filter((alias) => alias !== preferred),
  ];
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      const loaded: unknown = require(candidate);
      if (isIvm(loaded)) return { ivm: loaded, source: candidate };
      failures.push(`${candidate}: not an isolated-vm module`);
    } catch (error) {
      failures.push(`${candidate}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
  }
  throw new Error(`isolated-vm could not be loaded for Node ${process.versions.node}:\n  ${failures.join("\n  ")}`);
}

function isIvm(value: unknown): value is Ivm {
  return typeof value === "object" && value !== null && "Isolate" in value && typeof value.Isolate === "function";
}
