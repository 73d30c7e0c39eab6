import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

/**
 * A Prisma client for a database URL: PostgreSQL for postgres(ql)://, SQLite (libsql) otherwise.
 * Shared by the server, the seed and the tests (it imports nothing server-only).
 * The generated client is per provider: run `npm run db:generate` after switching providers.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  }
  const file = databaseUrl.replace(/^file:/, "");
  const url = file === ":memory:" ? file : pathToFileURL(path.resolve(/* turbopackIgnore: true */ process.cwd(), file)).href;
  return new PrismaClient({ adapter: new PrismaLibSql({ url }) });
}
