import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import { visitorActor } from "./audit/actors";
import { auditedTransaction, recordAudit } from "./audit/record";
import { countHit, type RateLimit } from "./rate-limit/store";

/**
 * A burst of failed sign-ins on one account: this many wrong passwords within one fixed window is recorded in the
 * audit log, once per window (at the failure that reaches it). The sign-in rate limits refuse attempts; this records
 * that someone was trying, for the admin who later asks "was this account attacked".
 */
export const SIGN_IN_FAILURE_BURST: RateLimit = { name: "sign-in-failures", max: 5, windowMs: 15 * 60_000 };

/**
 * Counts one failed sign-in (better-auth answered 401) on the account with this email, and records
 * `auth.sign_in_failures` when the count reaches the burst, in the same transaction as the count: exactly one entry
 * per account and window however many processes count at once. Attempts on an email with no account are counted
 * but not recorded: the log names accounts, not every address someone typed. Returns whether it recorded.
 */
export async function noteSignInFailure(db: PrismaClient, email: string, clientAddress: string, now = Date.now()): Promise<boolean> {
  const subject = email.trim().toLowerCase();
  return auditedTransaction(db, async (tx) => {
    const { hits } = await countHit(tx, SIGN_IN_FAILURE_BURST, subject, now);
    if (hits !== SIGN_IN_FAILURE_BURST.max) return false;
    const user = await tx.user.findUnique({ where: { email: subject }, select: { id: true } });
    if (!user) return false;
    await recordAudit(tx, visitorActor(clientAddress), {
      action: "auth.sign_in_failures",
      targetType: "user",
      targetId: user.id,
      courseId: null,
      after: { email: subject, failures: hits, withinMinutes: SIGN_IN_FAILURE_BURST.windowMs / 60_000, lastAddress: clientAddress },
    });
    return true;
  });
}
