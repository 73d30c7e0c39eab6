import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../../scripts/free-port";

/**
 * The scale bench's processes, started exactly as operators start them (scripts/serve.ts for `npm start`,
 * scripts/grader-worker/main.ts for `npm run grader:worker`), on 127.0.0.1 only, each killable with -9 and
 * restartable as a supervisor would.
 */
export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Managed {
  readonly name: string;
  readonly url: string | null;
  child: ChildProcess;
  /** SIGKILL, and wait until it is gone. */
  kill9(): Promise<void>;
  /** Starts it again with the same environment; resolves when it is ready. */
  restart(): Promise<void>;
  /** SIGTERM (a drain), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * A web server (`npm start`'s scripts/serve.ts) of the checkout at `root` (another checkout: a baseline), ready
 * when its course catalog answers (a page every version has).
 */
export async function startWeb(name: string, env: NodeJS.ProcessEnv, root = ROOT): Promise<Managed> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const fullEnv: NodeJS.ProcessEnv = { ...env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), PUBLIC_URL: url };
  return manage(name, url, () => spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], { cwd: root, env: fullEnv, stdio: ["ignore", "ignore", "pipe"] }), async (child) => {
    await waitFor(`${name} to answer`, 90_000, child, async () => (await fetch(`${url}/courses`)).ok);
  });
}

/** A grader host (`npm run grader:worker`) of the checkout at `root`, ready when it logs that it is grading. */
export async function startGraderHost(name: string, env: NodeJS.ProcessEnv, root = ROOT): Promise<Managed> {
  return manage(name, null, () => spawn(process.execPath, ["--import", "tsx", "scripts/grader-worker/main.ts"], { cwd: root, env: { ...env, GRADER_OPS_PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] }), async (child) => {
    let ready = false;
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("grading with")) ready = true;
    });
    await waitFor(`${name} to start grading`, 60_000, child, async () => ready);
  });
}

async function manage(name: string, url: string | null, spawnIt: () => ChildProcess, ready: (child: ChildProcess) => Promise<void>): Promise<Managed> {
  const start = async () => {
    const child = spawnIt();
    // Keep the last lines a process wrote on stderr: shown if it fails to start.
    let tail = "";
    child.stderr?.on("data", (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
    child.once("exit", (code, signal) => {
      if (code !== 0 && signal === null && tail) process.stderr.write(`[${name}] exited ${code}:\n${tail}\n`);
    });
    await ready(child);
    return child;
  };
  const managed: Managed = {
    name,
    url,
    child: await start(),
    async kill9() {
      await killAndWait(managed.child, "SIGKILL", 10_000);
    },
    async restart() {
      managed.child = await start();
    },
    async stop(graceMs = 30_000) {
      await killAndWait(managed.child, "SIGTERM", graceMs);
    },
  };
  return managed;
}

async function killAndWait(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await gone;
  clearTimeout(timer);
}

async function waitFor(what: string, timeoutMs: number, child: ChildProcess, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`waiting for ${what}: it exited with code ${child.exitCode}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`waiting for ${what}: no answer within ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
