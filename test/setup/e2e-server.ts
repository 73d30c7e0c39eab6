import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * End-to-end tests drive Chromium against the real product: a production build served by
 * `next start` on 127.0.0.1, on a fresh SQLite database migrated and seeded like a user's.
 */
const root = path.resolve(import.meta.dirname, "../..");
export const E2E_PORT = 3197;
const dbFile = "data/e2e/pagewise-e2e.db";

let server: ChildProcess | undefined;

function run(args: string[], env: NodeJS.ProcessEnv) {
  execFileSync("npm", ["run", "--silent", ...args], { cwd: root, env, stdio: "inherit" });
}

export async function setup() {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: `file:./${dbFile}`,
    BETTER_AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789abcdef",
    PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`,
    // The suite signs in several accounts within a minute from one address.
    AUTH_RATE_LIMIT_PER_MINUTE: "0",
  };
  mkdirSync(path.join(root, "data/e2e"), { recursive: true });
  for (const f of [dbFile, `${dbFile}-journal`]) rmSync(path.join(root, f), { force: true });
  run(["db:deploy"], env);
  run(["db:seed"], env);
  if (process.env.E2E_SKIP_BUILD !== "1") run(["build"], env);
  server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "--hostname", "127.0.0.1", "--port", String(E2E_PORT)], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${E2E_PORT}/courses`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("next start did not answer within 60 s");
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return teardown;
}

export async function teardown() {
  if (!server || server.exitCode !== null) return;
  server.kill("SIGTERM");
  await new Promise((resolve) => {
    const timer = setTimeout(() => {
      server?.kill("SIGKILL");
      resolve(undefined);
    }, 5_000);
    server?.once("exit", () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}
