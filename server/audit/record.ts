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
      address: who.kind === "user" || who.kind === "visitor" ? who.address : null,
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
 * Runs an act and its audit entry in one interactive transaction that takes the database's write lock first.
 * On SQLite, Prisma's interactive transactions are DEFERRED (adapter-libsql): one that reads before it writes holds a
 * read snapshot, and once another process has committed (the web server while `npm run regrade` syncs content, two
 * servers starting together), its first write can never succeed: libsql waits out the busy timeout and fails. A
 * write as the first statement takes the lock up front, waiting for it as any writer does, with a snapshot that is
 * fresh from then on (BEGIN IMMEDIATE's effect). Inside one process nothing waits on it synchronously: the adapter's
 * mutex queues the client's other queries until the transaction ends. On PostgreSQL the statement takes a lock every
 * writer shares. If the lock is still not had within the busy timeout, or SQLite refuses anyway, the transaction
 * (rolled back whole) runs again, three attempts in all.
 */
export async function auditedTransaction<T>(db: PrismaClient, work: (tx: Prisma.TransactionClient) => Promise<T>, options: { timeout?: number } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        await takeWriteLock(tx);
        return work(tx);
      }, options);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isSqliteBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}

const MAX_ATTEMPTS = 3;

/**
 * The write lock, as the first statement of a transaction that records an act (auditedTransaction does it; a
 * transaction someone else opens, like the grading queue's for a regrade, calls it first). It touches no row, so the
 * append-only triggers never fire.
 */
export async function takeWriteLock(tx: Pick<Prisma.TransactionClient, "$executeRawUnsafe">): Promise<void> {
  await tx.$executeRawUnsafe(`UPDATE "AuditEntry" SET "action" = "action" WHERE 1 = 0`);
}

/** SQLite's refusals of a write: SQLITE_BUSY, or libsql's busy timeout running out ("Operation has timed out"). */
function isSqliteBusy(error: unknown): boolean {
  return error instanceof Error && /SQLITE_BUSY|Operation has timed out|SocketTimeout/.test(error.message);
}
