import type { Env } from "../env";
import type { RateLimit } from "./store";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The platform's limits, from the environment (README "Configuration"); a max of 0 turns one off. */
export function rateLimitsFrom(env: Env) {
  return {
    /** Sign-in and sign-up attempts from one client address. */
    authPerAddress: { name: "auth-address", max: env.AUTH_RATE_LIMIT_PER_MINUTE, windowMs: MINUTE },
    /** Sign-in attempts on one account, from anywhere: guessing one learner's password from many addresses. */
    signInPerAccount: { name: "sign-in-account", max: env.AUTH_ACCOUNT_RATE_LIMIT_PER_HOUR, windowMs: HOUR },
    /** Sign-up attempts for one email address, from anywhere (same budget as signing in to it). */
    signUpPerAccount: { name: "sign-up-account", max: env.AUTH_ACCOUNT_RATE_LIMIT_PER_HOUR, windowMs: HOUR },
    /** Submissions by one learner in a burst, and sustained over an hour. */
    submissionBurst: { name: "submit-burst", max: env.SUBMISSION_RATE_LIMIT_PER_MINUTE, windowMs: MINUTE },
    submissionSustained: { name: "submit-hour", max: env.SUBMISSION_RATE_LIMIT_PER_HOUR, windowMs: HOUR },
  } satisfies Record<string, RateLimit>;
}

/** "in 42 seconds" / "in 3 minutes": when to try again, in words. */
export function describeWait(seconds: number): string {
  if (seconds < 90) return `in ${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}
