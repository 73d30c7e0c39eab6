import "server-only";
import type { PrismaClient } from "../../generated/prisma/client";
import { RequestError } from "../errors";
import { describeWait } from "../rate-limit/limits";
import { countHit, type RateLimit } from "../rate-limit/store";

/** One limit charged for one subject, and what the learner reads when it refuses. */
export interface LimitCharge {
  limit: RateLimit;
  subject: string;
  /** "Too many sign-in attempts for this account" — the wait is appended. */
  refusal: string;
}

/**
 * Charges every limit (all of them, so a refused request still counts everywhere) and refuses with the
 * longest wait among those exceeded: 429, Retry-After in seconds, and a sentence saying when to try again.
 */
export async function enforceLimits(db: PrismaClient, charges: LimitCharge[]): Promise<void> {
  let worst: { charge: LimitCharge; retryAfterSeconds: number } | null = null;
  for (const charge of charges) {
    const verdict = await countHit(db, charge.limit, charge.subject);
    if (!verdict.ok && (!worst || verdict.retryAfterSeconds > worst.retryAfterSeconds)) {
      worst = { charge, retryAfterSeconds: verdict.retryAfterSeconds };
    }
  }
  if (worst) {
    throw new RequestError(429, "rate_limited", `${worst.charge.refusal}. Try again ${describeWait(worst.retryAfterSeconds)}.`, {
      "Retry-After": String(worst.retryAfterSeconds),
    });
  }
}
