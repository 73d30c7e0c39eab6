import type { PrismaClient } from "../../generated/prisma/client";
import { createPrismaClient } from "../../server/db-client";
import { testDb } from "./db";
import { createPostgresDatabase, postgresAdminUrl } from "./postgres";

/** The two databases the queue-level suites run on: the embedded default and the scale-out. */
export const ENGINES = [
  { name: "SQLite, in-process queue", postgres: false },
  { name: "PostgreSQL, pg-boss", postgres: true },
] as const;
export type Engine = (typeof ENGINES)[number];

/** PostgreSQL suites are skipped where no server is configured (npm test starts one; see helpers/postgres.ts). */
export function engineUnavailable(engine: Engine): boolean {
  return engine.postgres && !postgresAdminUrl;
}

export interface EngineDatabase {
  db: PrismaClient;
  url: string;
  /** Disconnects, and drops the database when it was made for this suite. */
  close(): Promise<void>;
}

/** A suite's database on the engine: this test worker's SQLite file, or a fresh PostgreSQL database, migrated. */
export function openEngineDatabase(engine: Engine): EngineDatabase {
  if (engine.postgres) {
    const database = createPostgresDatabase();
    const db = createPrismaClient(database.url);
    return {
      db,
      url: database.url,
      close: async () => {
        await db.$disconnect();
        await database.drop();
      },
    };
  }
  const db = testDb();
  return { db, url: process.env.DATABASE_URL ?? "", close: () => db.$disconnect() };
}
