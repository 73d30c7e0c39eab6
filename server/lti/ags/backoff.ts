// The score outbox's retry policy (AGS 2.0 score delivery), pure so it is tested on its own. No "server-only": the
// grader hosts (npm run grader:worker, run by tsx outside Next's server bundles) deliver scores too, and that marker
// throws there (the same reason as server/grading/process-node.ts).

/** A row's first retry waits about this long; each later one twice as long as the one before. */
export const DEFAULT_BACKOFF_BASE_MS = 10_000;
/** No retry waits longer, whatever the attempt count or a platform's Retry-After says. */
export const MAX_BACKOFF_MS = 60 * 60 * 1000;
/** After this many attempts a row that still was not taken is failed (an admin may retry it). */
export const DEFAULT_MAX_ATTEMPTS = 12;
/** Retries are spread by this much either way, so rows that failed together (a platform outage) do not return together. */
const JITTER = 0.2;

/** What a platform's answer means for the row. */
export type AnswerKind =
  /** 2xx: the platform took the score. */
  | "delivered"
  /** 401: our cached token was refused (expired early, revoked): drop it and try again with a fresh one. */
  | "reauthorize"
  /** No answer (status 0), 408, 429, 5xx: the platform may take it later. */
  | "retry"
  /** Any other status: the platform refuses this score as it is; sending it again would change nothing. */
  | "refused";

export function classifyAnswer(status: number): AnswerKind {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 401) return "reauthorize";
  if (status === 0 || status === 408 || status === 429 || status >= 500) return "retry";
  return "refused";
}

/**
 * How long to wait before the next try after `attempts` tries: base x 2^(attempts - 1), capped, then spread by
 * +-20%. `random` is in [0, 1) (Math.random; tests pass their own).
 */
export function backoffDelayMs(attempts: number, baseMs = DEFAULT_BACKOFF_BASE_MS, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^exponent overflows to Infinity long after the cap; Math.min keeps it finite.
  const delay = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.min(exponent, 64));
  const spread = 1 - JITTER + 2 * JITTER * random();
  return Math.round(Math.min(MAX_BACKOFF_MS, delay * spread));
}

/**
 * The wait a Retry-After header asks for (RFC 9110 10.2.3: delay-seconds or an HTTP-date), capped; null when absent
 * or unreadable, so the backoff applies instead. A date in the past asks for no wait.
 */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(MAX_BACKOFF_MS, Number(text) * 1000);
  // An HTTP-date names its day and month in letters; Date.parse alone would take "-5" for a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return null;
  return Math.min(MAX_BACKOFF_MS, Math.max(0, at - now.getTime()));
}

/** Only these statuses carry a Retry-After worth honouring (RFC 9110: 503, and RFC 6585: 429). */
export function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}
