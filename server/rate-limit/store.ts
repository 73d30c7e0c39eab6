import { createHash } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client";

/** One named limit: at most `max` hits per window of `windowMs`. `max` 0 turns it off. */
export interface RateLimit {
  name: string;
  max: number;
  windowMs: number;
}

export type RateLimitVerdict = { ok: true; hits: number } | { ok: false; hits: number; retryAfterSeconds: number };

/**
 * Counts one hit of `subject` (an account, a client address, a learner) against `limit`, in the database so
 * that every web process shares the count. Fixed windows: one row per limit, subject and window, incremented by
 * one native upsert (atomic on SQLite and PostgreSQL), so concurrent hits are all counted. Subjects are stored
 * hashed: the table holds no email addresses. Refused hits count too, so hammering does not shorten the wait.
 */
export async function countHit(db: Pick<PrismaClient, "rateLimitWindow">, limit: RateLimit, subject: string, now = Date.now()): Promise<RateLimitVerdict> {
  if (limit.max <= 0) return { ok: true, hits: 0 };
  const windowStart = Math.floor(now / limit.windowMs) * limit.windowMs;
  const windowEnd = windowStart + limit.windowMs;
  const key = `${limit.name}:${hashSubject(subject)}:${windowStart}`;
  const row = await db.rateLimitWindow.upsert({
    where: { key },
    create: { key, hits: 1, expiresAt: new Date(windowEnd) },
    update: { hits: { increment: 1 } },
    select: { hits: true },
  });
  if (Math.random() < 0.02) await deleteExpiredWindows(db, now);
  if (row.hits <= limit.max) return { ok: true, hits: row.hits };
  return { ok: false, hits: row.hits, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)) };
}

/** Drops windows that ended: they can no longer refuse anything. */
export async function deleteExpiredWindows(db: Pick<PrismaClient, "rateLimitWindow">, now = Date.now()): Promise<number> {
  const { count } = await db.rateLimitWindow.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  return count;
}

function hashSubject(subject: string): string {
  return createHash("sha256").update(subject).digest("base64url").slice(0, 22);
}
