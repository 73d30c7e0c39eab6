import type { PrismaClient } from "../../generated/prisma/client";
import { createPrismaClient } from "../db-client";
import { platformOrigins } from "./platforms";

/** How long proxy.ts reuses the registered platforms' origins before asking the database again. */
export const FRAME_ORIGINS_TTL_MS = 30_000;

let cached: { origins: string[]; at: number } | null = null;
let pending: Promise<string[]> | null = null;
const globalForPrisma = globalThis as { pagewisePrisma?: PrismaClient };

/**
 * The registered LMSs' web origins, for the framing policy of every page (proxy.ts): pages a launch leads to may be
 * framed by them. Read at most every 30 seconds per process, so a page costs no query; a registration shows within
 * that. On a database error the last known list stays (or none: framing refused), never an error page.
 * No "server-only" here: proxy.ts imports it, and shares the server's Prisma client when the process has one.
 */
export async function cachedPlatformOrigins(databaseUrl: string, now = Date.now()): Promise<string[]> {
  if (cached && now - cached.at < FRAME_ORIGINS_TTL_MS) return cached.origins;
  pending ??= (async () => {
    try {
      globalForPrisma.pagewisePrisma ??= createPrismaClient(databaseUrl);
      const origins = await platformOrigins(globalForPrisma.pagewisePrisma);
      cached = { origins, at: Date.now() };
      return origins;
    } catch {
      return cached?.origins ?? [];
    } finally {
      pending = null;
    }
  })();
  return pending;
}

/** A CSP source list: 'self' and the platforms, or 'none' when no platform is registered. */
export function framingSources(origins: readonly string[], self: "'self'" | "'none'" = "'self'"): string {
  return origins.length > 0 ? `'self' ${origins.join(" ")}` : self;
}
