import "server-only";
import { getEnv } from "../env";
import { rateLimitsFrom } from "../rate-limit/limits";
import type { RateLimit } from "../rate-limit/store";
import type { LimitCharge } from "./limits";

/** A learner's submissions: a burst limit per minute and a sustained one per hour. */
export function submissionLimits(userId: string): LimitCharge[] {
  const limits = rateLimitsFrom(getEnv());
  return [
    { limit: limits.submissionBurst, subject: userId, refusal: "You have submitted many times in the last minute" },
    { limit: limits.submissionSustained, subject: userId, refusal: "You have reached this hour's limit on submissions" },
  ];
}

/** Sign-in: per client address, and per account whatever the address. */
export function signInLimits(clientAddress: string, email: string): LimitCharge[] {
  const limits = rateLimitsFrom(getEnv());
  return [
    { limit: limits.authPerAddress, subject: clientAddress, refusal: "Too many sign-in attempts from your network" },
    perEmail(limits.signInPerAccount, email, "Too many sign-in attempts for this account"),
  ];
}

/**
 * Sign-up: per client address (the same budget as signing in, so one cannot be used to dodge the other), and per
 * email address, so one address cannot be probed for "already registered" from many networks.
 */
export function signUpLimits(clientAddress: string, email: string): LimitCharge[] {
  const limits = rateLimitsFrom(getEnv());
  return [
    { limit: limits.authPerAddress, subject: clientAddress, refusal: "Too many attempts from your network" },
    perEmail(limits.signUpPerAccount, email, "Too many sign-up attempts for this email address"),
  ];
}

/** An account's limit, keyed by its email as typed, trimmed and case-folded (better-auth stores it lower-case). */
function perEmail(limit: RateLimit, email: string, refusal: string): LimitCharge {
  return { limit, subject: email.trim().toLowerCase(), refusal };
}
