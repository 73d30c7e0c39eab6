import type { Prisma } from "../../generated/prisma/client";
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
