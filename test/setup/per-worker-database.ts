import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * Integration tests run against a real SQLite file, migrated by the real migrations: one fresh file
 * per test file and worker (data/test/), so tests never see each other's rows.
 */
const root = path.resolve(import.meta.dirname, "../..");
const dir = path.join(root, "data/test");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `worker-${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}-${Date.now()}.db`);
for (const f of [file, `${file}-journal`]) rmSync(f, { force: true });
const url = `file:${path.relative(root, file)}`;
execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db/migrate.ts", "deploy"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: url },
  stdio: "pipe",
});
process.env.DATABASE_URL = url;
process.env.BETTER_AUTH_SECRET ??= "integration-tests-secret-0123456789abcdef";
