import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import { getEnv } from "./env";
import { createPrismaClient } from "./db-client";

// One client per process; in development Next re-evaluates modules on every edit, so keep it on globalThis.
const globalForPrisma = globalThis as { pagewisePrisma?: PrismaClient };

/** The process's Prisma client, on SQLite or PostgreSQL as DATABASE_URL says. */
export function getDb(): PrismaClient {
  globalForPrisma.pagewisePrisma ??= createPrismaClient(getEnv().DATABASE_URL);
  return globalForPrisma.pagewisePrisma;
}
