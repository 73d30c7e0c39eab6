import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { startServer, type RunningServer } from "./start-server";

/**
 * End-to-end tests drive Chromium against the real product: a production build served by `npm start`'s
 * server (scripts/serve.ts) on 127.0.0.1, on a fresh SQLite database migrated and seeded like a user's.
 */
const root = path.resolve(import.meta.dirname, "../..");
// E2E_PORT lets two checkouts run their suites side by side.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3197);
export const E2E_DB_FILE = "data/e2e/pagewise-e2e.db";
export const E2E_SECRET = "e2e-secret-0123456789abcdef0123456789abcdef";
export const E2E_METRICS_TOKEN = "e2e-metrics-token-0123456789";

let server: RunningServer | undefined;

function run(args: string[], env: NodeJS.ProcessEnv) {
  execFileSync("npm", ["run", "--silent", ...args], { cwd: root, env, stdio: "inherit" });
}

/** The environment the suite's server runs with (other e2e servers start from it and change a limit or two). */
export function e2eEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: `file:./${E2E_DB_FILE}`,
    BETTER_AUTH_SECRET: E2E_SECRET,
    PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`,
    // The suite signs in several accounts many times a minute from one address, and submits every exercise in a
    // row; test/e2e/limits.test.ts checks the limits on a server of its own.
    AUTH_RATE_LIMIT_PER_MINUTE: "0",
    AUTH_ACCOUNT_RATE_LIMIT_PER_HOUR: "0",
    SUBMISSION_RATE_LIMIT_PER_MINUTE: "0",
    SUBMISSION_RATE_LIMIT_PER_HOUR: "0",
    METRICS_TOKEN: E2E_METRICS_TOKEN,
  };
}

export async function setup() {
  const env = e2eEnv();
  mkdirSync(path.join(root, "data/e2e"), { recursive: true });
  for (const f of [E2E_DB_FILE, `${E2E_DB_FILE}-journal`, `${E2E_DB_FILE}-wal`, `${E2E_DB_FILE}-shm`]) rmSync(path.join(root, f), { force: true });
  run(["db:deploy"], env);
  // Seeded as a user's `npm run setup` seeds, outside production: the suite signs in as the demo accounts, which a
  // production seed does not create.
  run(["db:seed"], { ...env, NODE_ENV: "development" });
  if (process.env.E2E_SKIP_BUILD !== "1") run(["build"], env);
  server = await startServer(E2E_PORT, env);
  return teardown;
}

export async function teardown() {
  await server?.stop();
}
