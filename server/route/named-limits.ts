import "server-only";
import { getEnv } from "../env";
import { rateLimitsFrom } from "../rate-limit/limits";
import type { LimitCharge } from "./limits";

/** A learner's submissions: a burst limit per minute and a sustained one per hour. */
export function submissionLimits(userId: string): LimitCharge[] {
  const limits = rateLimitsFrom(getEnv());
  return [
    { limit: limits.submissionBurst, subject: userId, refusal: "You have submitted many times in the last minute" },
    { limit: limits.submissionSustained, subject: userId, refusal: "You have reached this hour's limit on submissions" },
  ];
}

/** Sign-in: per client address, and per account whatever the address (the email as typed, case-folded). */
export function signInLimits(clientAddress: string, email: string | null): LimitCharge[] {
  const limits = rateLimitsFrom(getEnv());
  return [
    { limit: limits.authPerAddress, subject: clientAddress, refusal: "Too many sign-in attempts from your network" },
    ...(email
      ? [{ limit: limits.signInPerAccount, subject: email.trim().toLowerCase(), refusal: "Too many sign-in attempts for this account" }]
      : []),
  ];
}

/**
 * Sign-up: per client address (the same budget as signing in, so one cannot be used to dodge the other), and per
 * email address, so one address cannot be probed for "already registered" from many networks.
 */
export function signUpLimits(clientAddress: string, email: string | null): LimitCharge[] {
  const limits = rateLimitsFrom(getEnv());
  return [
    { limit: limits.authPerAddress, subject: clientAddress, refusal: "Too many attempts from your network" },
    ...(email
      ? [{ limit: limits.signUpPerAccount, subject: email.trim().toLowerCase(), refusal: "Too many sign-up attempts for this email address" }]
      : []),
  ];
}
