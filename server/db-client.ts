import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-postgres/client";

/**
 * A Prisma client for a database URL: PostgreSQL for postgres(ql)://, SQLite (libsql) otherwise.
 * Shared by the server, the grader hosts, the seed and the tests (it imports nothing server-only).
 * Prisma generates one client per provider (`npm run db:generate` writes both); they are generated from the
 * same models, so the PostgreSQL one is used through the SQLite one's type (docs/decisions/0130-grading-queue.md).
 */
export function createPrismaClient(databaseUrl: string, options: { poolSize?: number; busyTimeoutMs?: number } = {}): PrismaClient {
  if (isPostgresUrl(databaseUrl)) {
    const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.poolSize });
    const client = new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
    postgresClients.add(client);
    return client;
  }
  const file = databaseUrl.replace(/^file:/, "");
  const url = file === ":memory:" ? file : pathToFileURL(path.resolve(/* turbopackIgnore: true */ process.cwd(), file)).href;
  // A writer waits up to 5 s for another connection's lock instead of failing at once with SQLITE_BUSY (libsql
  // applies it to every connection it opens, transactions' included).
  return new PrismaClient({ adapter: new PrismaLibSql({ url, timeout: options.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS }) });
}

export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

// The clients createPrismaClient made for PostgreSQL: one type serves both providers, so the few statements that
// exist on one only (an advisory lock) ask here.
const postgresClients = new WeakSet<PrismaClient>();

/** Whether `db` (made by createPrismaClient) talks to PostgreSQL. */
export function isPostgresClient(db: PrismaClient): boolean {
  return postgresClients.has(db);
}

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

/**
 * SQLite only: switches the file to write-ahead logging, so readers (pages, long polls) never block the writer
 * (grading results) and the other way round. The mode is stored in the file, so once is enough; the server
 * asks at every start (server/startup.ts). Returns the journal mode now in force.
 */
export async function useWriteAheadLog(db: PrismaClient, databaseUrl: string): Promise<string | null> {
  if (isPostgresUrl(databaseUrl) || databaseUrl.endsWith(":memory:")) return null;
  const rows = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode = WAL");
  return rows[0]?.journal_mode ?? null;
}
