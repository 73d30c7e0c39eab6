import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ROOT } from "./processes";

/** A bench database, migrated and seeded (content synced) as `npm run setup` would; `drop` removes it. */
export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

const tsx = (args: string[], env: NodeJS.ProcessEnv) =>
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), ...args], { cwd: ROOT, env, stdio: "pipe" });

function prepare(url: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, NODE_ENV: "development" };
  tsx(["scripts/db/migrate.ts", "deploy"], env);
  tsx(["prisma/seed.ts"], env);
}

export async function postgresDatabase(adminUrl: string): Promise<BenchDatabase> {
  const url = new URL(adminUrl);
  const name = `pagewise_bench_${process.pid}_${Date.now()}`;
  url.pathname = `/${name}`;
  prepare(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export async function sqliteDatabase(): Promise<BenchDatabase> {
  const file = `data/bench/scale-${process.pid}-${Date.now()}.db`;
  const url = `file:./${file}`;
  prepare(url);
  return {
    url,
    async drop() {
      for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(path.join(ROOT, `${file}${suffix}`), { force: true });
    },
  };
}
