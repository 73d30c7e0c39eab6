import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gradeResultSchema } from "../../contract/grade-result";
import { REPO_ROOT } from "../../scripts/build-grader";
import { TEST_WORKER_PATH } from "./fixtures/build-config";

// `npm run grade`: the CLI as a learner or an instructor runs it, as a separate process on the fixture worker.
// Exit 2 with a message for anything wrong with the request; exit 0 with the result otherwise.

const TSX = join(REPO_ROOT, "node_modules/tsx/dist/cli.mjs");
const CLI = join(REPO_ROOT, "grader/cli.ts");
const dir = mkdtempSync(join(tmpdir(), "pagewise-cli-"));
const running = new Set<ChildProcess>();

afterAll(() => {
  // A CLI that outlived its test takes its worker with it (the worker exits when its parent disconnects).
  for (const child of running) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, PAGEWISE_GRADER_WORKER: TEST_WORKER_PATH },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe.concurrent("grade CLI", () => {
  it("exits 2 with the usage for an unknown option", async () => {
    const { code, stderr } = await runCli(["--exercise", "add-two-numbers", "--file", "x.ts", "--bogus"]);
    expect(code).toBe(2);
    expect(stderr).toContain("usage:");
  });

  it("exits 2 when a required option is missing or a seed is malformed", async () => {
    const missing = await runCli(["--file", "x.ts"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--exercise ID is required");
    const badSeed = await runCli(["--exercise", "add-two-numbers", "--file", "x.ts", "--seed", "no spaces"]);
    expect(badSeed.code).toBe(2);
    expect(badSeed.stderr).toContain("--seed must be");
  });

  it("exits 2 for a file it cannot read", async () => {
    const { code, stderr } = await runCli(["--exercise", "add-two-numbers", "--file", join(dir, "missing.ts")]);
    expect(code).toBe(2);
    expect(stderr).toContain("cannot read");
  });

  it("exits 2 for an unknown exercise, naming the known ones", async () => {
    const { code, stderr } = await runCli(["--exercise", "no-such-exercise", "--file", file("any.ts", "export {};")]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown exercise "no-such-exercise"');
    expect(stderr).toContain("add-two-numbers");
  });

  it("prints a schema-valid JSON result with --json and exits 0", async () => {
    const path = file("add.ts", "export function add(a: number, b: number): number { return a + b; }\n");
    const { code, stdout } = await runCli(["--exercise", "add-two-numbers", "--file", path, "--seed", "7", "--hidden-seed", "9", "--json"]);
    expect(code).toBe(0);
    const result = gradeResultSchema.parse(JSON.parse(stdout));
    expect(result).toMatchObject({ status: "graded", score: 4, maxScore: 4, exerciseId: "add-two-numbers", seed: "7", hiddenSeed: "9" });
  });

  it("prints a readable report without --json, with the failing check's message", async () => {
    const path = file("wrong.ts", "export function add(a: number, b: number): number { return a - b; }\n");
    const { code, stdout } = await runCli(["--exercise", "add-two-numbers", "--file", path]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^GRADED {2}0\/4/);
    expect(stdout).toContain("[FAIL] small fixed sums");
    expect(stdout).toContain("you returned -1, expected 1");
  });
});
