import { randomBytes } from "node:crypto";
import { createPrismaClient } from "../../server/db-client";
import type { PrismaClient } from "../../generated/prisma/client";
import { signUp, type Learner } from "./clients";
import { postgresDatabase, sqliteDatabase, type BenchDatabase } from "./database";
import { startGraderHost, startWeb, type Managed } from "./processes";

export const COURSE_ID = "memory-between-kernel-and-user";

/** One deployment under test: its web servers, grader hosts, database and learners. */
export interface Cluster {
  label: string;
  engine: "postgresql" | "sqlite";
  webs: Managed[];
  hosts: Managed[];
  db: PrismaClient;
  learners: Learner[];
  close(): Promise<void>;
}

/**
 * Both deployments get the same settings, but for the engine and who grades: rate limits off and no cap on
 * submissions in flight, because the bench floods on purpose (the cap would refuse most of the flood and hide
 * what the scheduler does with it).
 */
function baseEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    BETTER_AUTH_SECRET: randomBytes(24).toString("hex"),
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_RATE_LIMIT_PER_MINUTE: "0",
    AUTH_ACCOUNT_RATE_LIMIT_PER_HOUR: "0",
    SUBMISSION_RATE_LIMIT_PER_MINUTE: "0",
    SUBMISSION_RATE_LIMIT_PER_HOUR: "0",
    SUBMISSIONS_IN_FLIGHT_PER_LEARNER: "0",
  };
}

/** PostgreSQL scale-out: web servers that only enqueue, and grader hosts (of another checkout: a baseline). */
export async function startScaleOut(
  adminUrl: string,
  options: { webs: number; hosts: number; hostConcurrency: number; learners: number; root?: string; label?: string },
): Promise<Cluster> {
  const database = await postgresDatabase(adminUrl, options.root);
  const env = baseEnv(database.url);
  const webs = await Promise.all(Array.from({ length: options.webs }, (_, i) => startWeb(`web-${i + 1}`, { ...env, GRADER_WORKERS: "0" }, options.root)));
  const hosts = await Promise.all(
    Array.from({ length: options.hosts }, (_, i) => startGraderHost(`grader-${i + 1}`, { ...env, GRADER_CONCURRENCY: String(options.hostConcurrency) }, options.root)),
  );
  const label = `PostgreSQL: ${options.webs} web (GRADER_WORKERS=0) + ${options.hosts} grader:worker x ${options.hostConcurrency}`;
  return finish(options.label ? `${options.label}, ${label}` : label, "postgresql", database, webs, hosts, options.learners);
}

/** The embedded default: one web server on SQLite that grades with its own workers (of another checkout: a baseline). */
export async function startEmbedded(options: { workers: number; learners: number; root?: string; label?: string }): Promise<Cluster> {
  const database = await sqliteDatabase(options.root);
  const web = await startWeb("web", { ...baseEnv(database.url), GRADER_WORKERS: String(options.workers) }, options.root);
  const label = `SQLite: 1 web, GRADER_WORKERS=${options.workers}`;
  return finish(options.label ? `${options.label}, ${label}` : label, "sqlite", database, [web], [], options.learners);
}

async function finish(label: string, engine: Cluster["engine"], database: BenchDatabase, webs: Managed[], hosts: Managed[], count: number): Promise<Cluster> {
  const db = createPrismaClient(database.url);
  const first = webs[0];
  if (!first) throw new Error("no web server");
  const tag = randomBytes(3).toString("hex");
  const learners: Learner[] = [];
  for (let i = 0; i < count; i++) learners.push(await signUp(first, `bench-${tag}-${i}@example.test`, "bench-password-1"));
  const users = await db.user.findMany({ where: { email: { in: learners.map((l) => l.email) } }, select: { id: true } });
  await db.enrollment.createMany({ data: users.map((user) => ({ userId: user.id, courseId: COURSE_ID, role: "learner" })) });
  return {
    label,
    engine,
    webs,
    hosts,
    db,
    learners,
    async close() {
      await Promise.all([...webs, ...hosts].map((process) => process.kill9()));
      await db.$disconnect();
      await database.drop();
    },
  };
}
