import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import { auditActorSchema, auditEventSchema, type AuditActor, type AuditEvent } from "./actions";

/** What recordAudit writes with: the act's own transaction (never the bare client, see below). */
export type AuditTransaction = Pick<Prisma.TransactionClient, "auditEntry">;

/**
 * Writes one audit entry on the act's transaction: it commits with the act or not at all, so an act that fails
 * leaves no entry and no entry exists without its act. Callers pass the `tx` of their `$transaction`; the type
 * accepts a bare client too (Prisma's types do not tell them apart), which is why every act's test checks that a
 * failure after this call rolls the entry back. Refuses a malformed actor or event (a programming error) by throwing,
 * which fails the act: an unrecorded privileged act is worse than a refused one.
 */
export async function recordAudit(tx: AuditTransaction, actor: AuditActor, event: AuditEvent): Promise<void> {
  const who = auditActorSchema.parse(actor);
  const what = auditEventSchema.parse(event);
  await tx.auditEntry.create({
    data: {
      actorKind: who.kind,
      actorId: who.kind === "user" ? who.userId : null,
      actorLabel: who.kind === "user" ? who.email : who.kind === "cli" ? who.command : null,
      address: who.kind === "user" ? who.address : null,
      action: what.action,
      targetType: what.targetType,
      targetId: what.targetId,
      courseId: what.courseId,
      before: what.before === undefined ? null : JSON.stringify(what.before),
      after: what.after === undefined ? null : JSON.stringify(what.after),
    },
  });
}

/**
 * Runs an act and its audit entry in one interactive transaction, its reads first and its writes last.
 * On SQLite, Prisma's interactive transactions are DEFERRED (adapter-libsql): the reads share a snapshot, and when
 * another connection commits a write before the act's first write, that write fails at once with SQLITE_BUSY (a stale
 * snapshot cannot be upgraded, so no busy timeout waits it out). The transaction was rolled back whole, so it is run
 * again, up to three times in all, after a short pause. Writes last, because SQLite's write lock is held from the
 * first write to the commit, and a writer of the same process that waits for it blocks the event loop (libsql calls
 * are synchronous): the fewer round trips under the lock, the better. PostgreSQL never gets here with SQLITE_BUSY.
 */
export async function auditedTransaction<T>(db: PrismaClient, work: (tx: Prisma.TransactionClient) => Promise<T>, options: { timeout?: number } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, options);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isSqliteBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}

const MAX_ATTEMPTS = 3;

function isSqliteBusy(error: unknown): boolean {
  return error instanceof Error && error.message.includes("SQLITE_BUSY");
}
