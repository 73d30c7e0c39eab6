import { execFileSync } from "node:child_process";
import path from "node:path";
import { dropPostgresDatabase } from "../../scripts/db/drop-postgres-database";

/**
 * `npm test` (scripts/lib.sh) starts PostgreSQL and sets PAGEWISE_TEST_POSTGRES_URL to a role with CREATEDB;
 * without it, PostgreSQL tests are skipped (describe.skipIf(!postgresAdminUrl)).
 */
export const postgresAdminUrl = process.env.PAGEWISE_TEST_POSTGRES_URL;
const root = path.resolve(import.meta.dirname, "../..");
let created = 0;

/** A fresh database migrated by the committed PostgreSQL migrations; `drop` removes it. */
export function createPostgresDatabase(): { url: string; drop(): Promise<void> } {
  if (!postgresAdminUrl) throw new Error("PAGEWISE_TEST_POSTGRES_URL is not set");
  const url = new URL(postgresAdminUrl);
  const name = `pagewise_test_${process.pid}_${Date.now()}_${created++}`;
  url.pathname = `/${name}`;
  execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db/migrate.ts", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: "pipe",
  });
  return {
    url: url.toString(),
    drop: () => dropPostgresDatabase(postgresAdminUrl, name),
  };
}
