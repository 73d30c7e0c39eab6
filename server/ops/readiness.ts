import { readdir } from "node:fs/promises";
import path from "node:path";
import type { ReadinessCheck, ReadinessResponse } from "../../contract/http/ops";
import type { PrismaClient } from "../../generated/prisma/client";
import { isPostgresUrl } from "../db-client";
import { HOST_ALIVE_WINDOW_MS, liveGraderHosts } from "../grading/hosts";
import type { GradingQueue } from "../grading/queue";

/** A check that has not answered by then has failed: readiness never hangs on a stuck database. */
const CHECK_TIMEOUT_MS = 3_000;

export interface ReadinessInput {
  db: PrismaClient;
  databaseUrl: string;
  queue: GradingQueue | null;
  /** The repository root, where prisma/ holds the committed migrations. */
  root: string;
}

/**
 * Whether this process can do its job: the database answers, every committed migration is applied, the queue
 * answers, and some grading process has beaten its heart in the last minute (or submissions would wait forever).
 */
export async function checkReadiness(input: ReadinessInput): Promise<ReadinessResponse> {
  const checks = await Promise.all([
    timed("database", async () => {
      await input.db.$queryRawUnsafe("SELECT 1");
      return { ok: true, detail: isPostgresUrl(input.databaseUrl) ? "PostgreSQL answers" : "SQLite answers" };
    }),
    timed("migrations", () => migrationsApplied(input)),
    timed("queue", async () => {
      if (!input.queue) return { ok: false, detail: "grading has not started in this process" };
      return { ok: true, detail: `${input.queue.engine} queue answers, ${await input.queue.depth()} submission(s) waiting` };
    }),
    timed("graders", async () => {
      const alive = await liveGraderHosts(input.db);
      return alive > 0
        ? { ok: true, detail: `${alive} grading process(es) seen in the last ${HOST_ALIVE_WINDOW_MS / 1000} s` }
        : { ok: false, detail: `no grading process seen in the last ${HOST_ALIVE_WINDOW_MS / 1000} s: start npm run grader:worker, or set GRADER_WORKERS > 0` };
    }),
  ]);
  return { status: checks.every((check) => check.ok) ? "ready" : "not_ready", checks };
}

async function migrationsApplied(input: ReadinessInput): Promise<{ ok: boolean; detail: string }> {
  const folder = path.join(input.root, isPostgresUrl(input.databaseUrl) ? "prisma/postgresql/migrations" : "prisma/migrations");
  const committed = (await readdir(/* turbopackIgnore: true */ folder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const applied = await input.db.$queryRawUnsafe<{ migration_name: string }[]>(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const done = new Set(applied.map((row) => row.migration_name));
  const missing = committed.filter((name) => !done.has(name));
  return missing.length === 0
    ? { ok: true, detail: `all ${committed.length} migrations applied` }
    : { ok: false, detail: `not applied: ${missing.join(", ")} (run npm run db:deploy)` };
}

async function timed(name: ReadinessCheck["name"], run: () => Promise<{ ok: boolean; detail: string }>): Promise<ReadinessCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: boolean; detail: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
  });
  try {
    return { name, ...(await Promise.race([run(), timeout])) };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message.split("\n").filter(Boolean).slice(-1)[0] ?? "failed" : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
