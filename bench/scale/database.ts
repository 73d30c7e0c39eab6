import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { dropPostgresDatabase } from "../../scripts/db/drop-postgres-database";
import { ROOT } from "./processes";

/** A bench database, migrated and seeded (content synced) as `npm run setup` would; `drop` removes it. */
export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

const tsx = (root: string, args: string[], env: NodeJS.ProcessEnv) =>
  execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), ...args], { cwd: root, env, stdio: "pipe" });

/** Migrated and seeded by the checkout that will serve it (a baseline has its own migrations). */
function prepare(url: string, root: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, NODE_ENV: "development" };
  tsx(root, ["scripts/db/migrate.ts", "deploy"], env);
  tsx(root, ["prisma/seed.ts"], env);
}

export async function postgresDatabase(adminUrl: string, root = ROOT): Promise<BenchDatabase> {
  const url = new URL(adminUrl);
  const name = `pagewise_bench_${process.pid}_${Date.now()}`;
  url.pathname = `/${name}`;
  prepare(url.toString(), root);
  return {
    url: url.toString(),
    drop: () => dropPostgresDatabase(adminUrl, name),
  };
}

export async function sqliteDatabase(root = ROOT): Promise<BenchDatabase> {
  const file = path.join(ROOT, `data/bench/scale-${process.pid}-${Date.now()}.db`);
  mkdirSync(path.dirname(file), { recursive: true });
  const url = `file:${file}`;
  prepare(url, root);
  return {
    url,
    async drop() {
      for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}
