import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactForLearner } from "../../grader/redact";
import type { GradeResult } from "../../contract/grade-result";
import type { LocalPool } from "../../grader/pool/local-pool";
import { INHERITED_VARIABLES } from "../../grader/pool/worker-env";
import { envProbes } from "./env-probes";
import { startTestPool, verdictMismatch } from "./helpers";
import { hostilePrograms } from "./hostile-programs";

// Grading workers start with a minimal environment: the web server's secrets are set in THIS process (the workers'
// parent) and must reach no worker, neither its environment (/proc/<pid>/environ, read from outside) nor anything a
// submission can read through any escape route of the hostile suite. Last, with the sandbox sabotaged to hand the
// learner the host's `process`, a submission reads process.env and /proc/self/environ itself: no secret there either.

const MARKER = `pw-secret-${process.pid}-${Date.now()}`;
const SECRETS: Record<string, string> = {
  BETTER_AUTH_SECRET: `${MARKER}-auth`,
  DATABASE_URL: `file:/tmp/${MARKER}.db`,
  PUBLIC_URL: `https://${MARKER}.example`,
  PAGEWISE_UNRELATED_TOKEN: `${MARKER}-token`,
};
/** Variables node's fork adds for the IPC channel: not the parent's, and holding nothing but a descriptor number. */
const FORK_CHANNEL = ["NODE_CHANNEL_FD", "NODE_CHANNEL_SERIALIZATION_MODE"];

const saved = new Map<string, string | undefined>();
const pools: LocalPool[] = [];
beforeAll(() => {
  for (const [name, value] of Object.entries(SECRETS)) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function pool(switches: Record<string, string> = {}, size = 1): LocalPool {
  const started = startTestPool({ size, switches, startTimeoutMs: 20_000 });
  pools.push(started);
  return started;
}

/** A process's environment as the kernel holds it: what it was started with. */
function environOf(pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").filter((entry) => entry.length > 0);
  return new Map(entries.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]));
}

/** Every text of a result, the stored one (what an instructor sees) and the learner's view. */
const everything = (result: GradeResult) => `${JSON.stringify(result)}\n${JSON.stringify(redactForLearner(result))}`;

describe("a worker's environment, read from /proc", () => {
  it("control: a child forked the default way inherits the parent's secrets, and /proc shows them", async () => {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 5000)"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (child.pid === undefined) throw new Error("the control child did not start");
      expect(environOf(child.pid).get("BETTER_AUTH_SECRET")).toBe(SECRETS.BETTER_AUTH_SECRET);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("holds only the allow-listed variables and the worker's switches, and no secret", async () => {
    const switches = { PAGEWISE_GRADER_SELF_TEST: "on" };
    const workers = pool(switches);
    await workers.exerciseIds();
    const [pid] = workers.stats().workerPids;
    if (pid === undefined) throw new Error("no worker is running");
    const environ = environOf(pid);
    const allowed = new Set([...INHERITED_VARIABLES, ...FORK_CHANNEL, ...Object.keys(switches)]);
    expect([...environ.keys()].filter((name) => !allowed.has(name))).toEqual([]);
    expect(environ.get("PAGEWISE_GRADER_SELF_TEST")).toBe("on");
    expect(environ.has("NODE_CHANNEL_FD")).toBe(true);
    expect(readFileSync(`/proc/${pid}/environ`, "latin1")).not.toContain(MARKER);
  });
});

describe("submissions reaching for process.env through every escape route", () => {
  let workers: LocalPool;
  beforeAll(() => {
    workers = pool({}, 2);
  });

  it.each(envProbes.map((p) => [p.route, p] as const))("%s: finds nothing, and no secret is anywhere in the result", async (_route, probe) => {
    const result = await workers.grade({ exerciseId: "add-two-numbers", code: probe.code, seed: "env" });
    expect(everything(result)).not.toContain(MARKER);
    expect(result.status).toBe("graded");
    expect({ score: result.score, console: result.console, failing: result.checks.filter((c) => c.verdict !== "pass").map((c) => c.message) }).toEqual({ score: result.maxScore, console: "", failing: [] });
  });

  it("the hostile suite's own escape and secrets programs get their verdicts and show no secret", async () => {
    const programs = hostilePrograms.filter((p) => p.family === "escape" || p.family === "secrets");
    const results = await Promise.all(programs.map((p) => workers.grade({ exerciseId: p.exercise, code: p.code, seed: "env" })));
    programs.forEach((program, i) => {
      const result = results[i];
      if (!result) throw new Error(`no result for ${program.name}`);
      expect(verdictMismatch(result, program), program.name).toBeNull();
      expect(everything(result), program.name).not.toContain(MARKER);
    });
  });
});

describe("with the sandbox sabotaged to hand the learner the host's process", () => {
  const READ_EVERYTHING = String.raw`
declare const process: any;
const lines: string[] = [];
try {
  const load = process.getSync("getBuiltinModule", { reference: true });
  const host = load.applySync(undefined, ["vm"], { result: { reference: true } }).getSync("runInThisContext", { reference: true });
  const run = (code: string): string => host.applySync(undefined, [code]);
  lines.push("SECRETS " + run("JSON.stringify([process.env.BETTER_AUTH_SECRET, process.env.DATABASE_URL, process.env.PUBLIC_URL, process.env.PAGEWISE_UNRELATED_TOKEN])"));
  lines.push("ENV KEYS " + run("Object.keys(process.env).sort().join(',')"));
  lines.push("ENVIRON " + run("process.getBuiltinModule('fs').readFileSync('/proc/self/environ', 'latin1').split('\\0').join(' ')"));
} catch (error) {
  lines.push("ESCAPE FAILED " + String(error));
}
console.log(lines.join("\n"));
export function add(a: number, b: number): number { return a + b; }`;

  let sabotaged: LocalPool;
  beforeAll(() => {
    sabotaged = pool({ PAGEWISE_GRADER_SABOTAGE: JSON.stringify({ leakProcess: true }), PAGEWISE_GRADER_SELF_TEST: "off" }, 2);
  });

  it("the probes notice it: every route that can reach a global reports what it found and loses the points", async () => {
    // import() and require are separate doors: a process on globalThis does not open them.
    const probes = envProbes.filter((p) => p.route !== "dynamic import()" && p.route !== "require and module");
    const results = await Promise.all(probes.map((p) => sabotaged.grade({ exerciseId: "add-two-numbers", code: p.code, seed: "env" })));
    expect(probes.filter((_p, i) => results[i]?.score !== 0).map((p) => p.route)).toEqual([]);
    for (const result of results) expect(result.console).toMatch(/reached/);
  });

  it("a submission that escapes reads process.env and /proc/self/environ, and finds no secret in either", async () => {
    const result = await sabotaged.grade({ exerciseId: "add-two-numbers", code: READ_EVERYTHING, seed: "env" });
    // The escape worked (it is a sabotaged sandbox): it read the worker's real environment...
    expect(result.console).toContain("SECRETS [null,null,null,null]");
    expect(result.console).toMatch(/ENV KEYS .*PAGEWISE_GRADER_SABOTAGE/);
    expect(result.console).toMatch(/ENVIRON .*NODE_CHANNEL_FD=/);
    // ...which holds none of the parent's secrets.
    expect(everything(result)).not.toContain(MARKER);
  });
});
