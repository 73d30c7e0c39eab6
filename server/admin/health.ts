import "server-only";
import type { ReadinessCheck } from "../../contract/http/ops";
import type { PrismaClient } from "../../generated/prisma/client";
import { GRADER_VERSION } from "../../grader/version";
import packageJson from "../../package.json";
import { isPostgresUrl } from "../db-client";
import { IN_FLIGHT_STATUSES } from "../grading/enqueue";
import { HOST_ALIVE_WINDOW_MS } from "../grading/hosts";
import type { GradingQueue } from "../grading/queue";
import { checkReadiness } from "../ops/readiness";

export interface GraderHostView {
  id: string;
  hostname: string;
  pid: number;
  kind: string;
  concurrency: number;
  graderVersion: string;
  startedAt: string;
  lastSeenAt: string;
  graded: number;
}

export interface FailedSubmissionView {
  id: string;
  exerciseId: string;
  learnerEmail: string;
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
  attempts: number;
}

export interface PlatformHealth {
  /** The readiness checks (database, migrations, queue, graders), as /api/ready answers them. */
  checks: ReadinessCheck[];
  database: { engine: "PostgreSQL" | "SQLite"; roundTripMs: number | null };
  queue: { engine: string | null; waiting: number | null; inFlight: number; runningHere: number | null };
  graders: GraderHostView[];
  failed: { total: number; recent: FailedSubmissionView[] };
  version: { app: string; grader: string; node: string; uptimeSeconds: number };
}

export const FAILED_SHOWN = 50;

/**
 * What an admin needs to know the platform is working: the readiness checks, how long a database round trip takes,
 * the grading queue (waiting jobs, submissions in flight anywhere, jobs this process grades), the grading processes
 * seen within the alive window, the submissions the platform failed (newest first; each can be retried), and the
 * versions running. `queue` is null when grading has not started in this process.
 */
export async function platformHealth(db: PrismaClient, databaseUrl: string, queue: GradingQueue | null, root: string): Promise<PlatformHealth> {
  const started = performance.now();
  const roundTripMs = await db.$queryRawUnsafe("SELECT 1").then(() => Math.round((performance.now() - started) * 10) / 10, () => null);
  const aliveSince = new Date(Date.now() - HOST_ALIVE_WINDOW_MS);
  const [readiness, waiting, inFlight, hosts, failedTotal, failed] = await Promise.all([
    checkReadiness({ db, databaseUrl, queue, root }),
    queue ? queue.depth().catch(() => null) : Promise.resolve(null),
    db.submission.count({ where: { status: { in: [...IN_FLIGHT_STATUSES] } } }),
    db.graderHost.findMany({ where: { stoppedAt: null, lastSeenAt: { gte: aliveSince } }, orderBy: { startedAt: "asc" } }),
    db.submission.count({ where: { status: "failed" } }),
    db.submission.findMany({
      where: { status: "failed" },
      orderBy: [{ finishedAt: "desc" }, { id: "asc" }],
      take: FAILED_SHOWN,
      select: { id: true, exerciseId: true, message: true, createdAt: true, finishedAt: true, attempts: true, user: { select: { email: true } } },
    }),
  ]);
  return {
    checks: readiness.checks,
    database: { engine: isPostgresUrl(databaseUrl) ? "PostgreSQL" : "SQLite", roundTripMs },
    queue: { engine: queue?.engine ?? null, waiting, inFlight, runningHere: queue?.running ?? null },
    graders: hosts.map((host) => ({
      id: host.id,
      hostname: host.hostname,
      pid: host.pid,
      kind: host.kind,
      concurrency: host.concurrency,
      graderVersion: host.graderVersion,
      startedAt: host.startedAt.toISOString(),
      lastSeenAt: host.lastSeenAt.toISOString(),
      graded: host.graded,
    })),
    failed: {
      total: failedTotal,
      recent: failed.map((row) => ({
        id: row.id,
        exerciseId: row.exerciseId,
        learnerEmail: row.user.email,
        message: row.message,
        createdAt: row.createdAt.toISOString(),
        finishedAt: row.finishedAt?.toISOString() ?? null,
        attempts: row.attempts,
      })),
    },
    version: { app: packageJson.version, grader: GRADER_VERSION, node: process.version, uptimeSeconds: Math.round(process.uptime()) },
  };
}
