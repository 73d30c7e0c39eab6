import { MEDIA_TYPE, SCOPE } from "../../../contract/lti";
import type { PrismaClient } from "../../../generated/prisma/client";
import { fetchWithTimeout } from "../platform-fetch";
import type { TokenPlatform } from "../service-token";
import { backoffDelayMs, classifyAnswer, honoursRetryAfter, retryAfterMs, type AnswerKind } from "./backoff";
import { isDeliverableUrl, scoreBody, scoresUrl } from "./score-request";

// Delivering one outbox row to its platform (AGS 2.0 score service). No "server-only": grader hosts (npm run
// grader:worker, run by tsx outside Next's server bundles) deliver scores, and that marker throws there.

/** A deliverer's claim on a row lasts this long: longer than a token request and a score POST together. */
export const LEASE_MS = 60_000;
/** How long a score POST may take before it counts as no answer (status 0, retried). */
export const SCORE_CALL_TIMEOUT_MS = 10_000;
/** What is kept of a platform's refusal in lastError: enough to read why, not a whole error page. */
const ERROR_TEXT_LIMIT = 500;

/** The access tokens delivery needs (server/lti/service-token.ts's ServiceTokens; tests give a fake). */
export interface ScoreTokenSource {
  tokenFor(platform: TokenPlatform, scopes: readonly string[]): Promise<string>;
  /** Drops a token the platform refused, so the next tokenFor asks for a fresh one. */
  forget(platform: TokenPlatform, scopes: readonly string[]): void;
}

export type OutboxDb = Pick<PrismaClient, "ltiScore">;

export interface DeliveryOptions {
  db: OutboxDb;
  tokens: ScoreTokenSource;
  now: () => Date;
  backoffBaseMs: number;
  maxAttempts: number;
  random: () => number;
  timeoutMs: number;
}

/** How one turn at a row ended. not_claimed: another deliverer had it, or it was no longer due. */
export type DeliveryOutcome = "delivered" | "retry" | "failed" | "superseded" | "not_claimed";

const SCORE_SCOPES = [SCOPE.score] as const;

/** Rows due now that no live lease holds, oldest due first. */
export async function dueScoreIds(db: OutboxDb, now: Date, limit: number): Promise<string[]> {
  const rows = await db.ltiScore.findMany({ where: dueAt(now), orderBy: { nextAttemptAt: "asc" }, take: limit, select: { id: true } });
  return rows.map((row) => row.id);
}

/**
 * Claims a row for LEASE_MS by a conditional update: only one of several deliverers (threads of this process, other
 * processes, on either engine) sees a count of 1. On PostgreSQL a second UPDATE waits for the first's row lock and
 * then re-checks the condition against the leased row; SQLite runs one writer at a time. Returns the lease (the
 * holder's proof when it writes the outcome), or null. A deliverer that dies leaves a lease that simply expires.
 */
export async function claimScore(db: OutboxDb, id: string, now: Date): Promise<Date | null> {
  const lease = new Date(now.getTime() + LEASE_MS);
  const { count } = await db.ltiScore.updateMany({ where: { id, ...dueAt(now) }, data: { leaseUntil: lease } });
  return count === 1 ? lease : null;
}

function dueAt(now: Date) {
  return { state: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] };
}

/** Claims the row, sends it when it is still pending, and records the outcome, releasing the lease in every case. */
export async function deliverScore(options: DeliveryOptions, id: string): Promise<DeliveryOutcome> {
  const { db } = options;
  const lease = await claimScore(db, id, options.now());
  if (!lease) return "not_claimed";
  const release = { leaseUntil: null };
  try {
    const row = await db.ltiScore.findUnique({ where: { id }, include: { platform: { select: { id: true, clientId: true, tokenUrl: true } } } });
    // Superseded after the claim (a newer grade was queued): never sent.
    if (!row || row.state !== "pending") {
      await db.ltiScore.updateMany({ where: { id, leaseUntil: lease }, data: release });
      return "superseded";
    }
    const answer = await send(options, row);
    const attempts = row.attempts + 1;
    const at = options.now();
    const kind: AnswerKind = answer.stage === "token" ? "retry" : answer.stage === "request" ? "refused" : classifyAnswer(answer.status);
    // lastStatus is the score service's answer; a token or request problem has none (lastError says which).
    const lastStatus = answer.stage === "platform" ? answer.status : null;
    if (kind === "delivered") {
      // Delivered even if superseded meanwhile (it was sent): the row says what happened.
      await db.ltiScore.updateMany({ where: { id, leaseUntil: lease }, data: { ...release, state: "delivered", attempts, lastStatus, lastError: null, deliveredAt: at } });
      return "delivered";
    }
    if (kind === "reauthorize") options.tokens.forget(row.platform, SCORE_SCOPES);
    const gaveUp = kind === "refused" || attempts >= options.maxAttempts;
    const lastError = gaveUp && kind !== "refused" ? `${answer.error} (gave up after ${attempts} attempts)` : answer.error;
    // Only a row still pending moves on: one superseded meanwhile stays superseded, never retried (its lease released).
    const { count } = await db.ltiScore.updateMany({
      where: { id, leaseUntil: lease, state: "pending" },
      data: gaveUp
        ? { ...release, state: "failed", attempts, lastStatus, lastError }
        : { ...release, attempts, lastStatus, lastError, nextAttemptAt: new Date(at.getTime() + retryDelay(options, kind, answer, row, attempts, at)) },
    });
    if (count === 0) {
      await db.ltiScore.updateMany({ where: { id, leaseUntil: lease }, data: release });
      return "superseded";
    }
    return gaveUp ? "failed" : "retry";
  } catch (error) {
    // A database error (or a bug): the row is left as it was, free for the next turn at its time.
    await db.ltiScore.updateMany({ where: { id, leaseUntil: lease }, data: release }).catch(() => undefined);
    throw error;
  }
}

/**
 * How long until the next try: a fresh token is tried at once after a first 401 (the cached one was stale), with
 * the backoff after a second (the platform refuses our tokens: its registration needs fixing); a 429 or 503 waits
 * what its Retry-After says; anything else backs off exponentially.
 */
function retryDelay(options: DeliveryOptions, kind: AnswerKind, answer: Answer, row: { lastStatus: number | null }, attempts: number, at: Date): number {
  if (kind === "reauthorize" && row.lastStatus !== 401) return 0;
  const asked = honoursRetryAfter(answer.status) ? retryAfterMs(answer.retryAfter, at) : null;
  return asked ?? backoffDelayMs(attempts, options.backoffBaseMs, options.random);
}

interface Answer {
  /** token: no token could be had (retried); request: the row cannot be sent as it is (failed); platform: it answered. */
  stage: "token" | "request" | "platform";
  /** The platform's status; 0 when it did not answer (or, stage token, the token endpoint's). */
  status: number;
  retryAfter: string | null;
  /** What went wrong, in words, for lastError (null when nothing did). */
  error: string | null;
}

interface SendableRow {
  sub: string;
  lineItemUrl: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: string;
  producedAt: Date;
  platform: TokenPlatform;
}

async function send(options: DeliveryOptions, row: SendableRow): Promise<Answer> {
  if (!isDeliverableUrl(row.lineItemUrl)) {
    return { stage: "request", status: 0, retryAfter: null, error: `the line item URL is not one grades are sent to (https only): ${row.lineItemUrl.slice(0, 200)}` };
  }
  let body: string;
  try {
    body = JSON.stringify(scoreBody(row));
  } catch (error) {
    return { stage: "request", status: 0, retryAfter: null, error: `the score cannot be sent as it is: ${messageOf(error)}` };
  }
  let token: string;
  try {
    token = await options.tokens.tokenFor(row.platform, SCORE_SCOPES);
  } catch (error) {
    // The token endpoint failed (server/lti/platform-fetch.ts's PlatformCallError carries its status): retried, since
    // a registration an admin fixes, or an endpoint that comes back, makes the same score deliverable.
    return { stage: "token", status: statusOf(error), retryAfter: null, error: `no access token: ${messageOf(error)}`.slice(0, ERROR_TEXT_LIMIT) };
  }
  const url = scoresUrl(row.lineItemUrl);
  let response: Response;
  try {
    response = await fetchWithTimeout(
      url,
      // A redirect is an answer of its own (a refusal), never followed with our token.
      { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": MEDIA_TYPE.score, accept: "application/json" }, body, redirect: "manual" },
      options.timeoutMs,
    );
  } catch (error) {
    return { stage: "platform", status: 0, retryAfter: null, error: messageOf(error).slice(0, ERROR_TEXT_LIMIT) };
  }
  const text = await response.text().catch(() => "");
  const ok = response.status >= 200 && response.status < 300;
  return {
    stage: "platform",
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    error: ok ? null : `HTTP ${response.status}${text.trim() === "" ? "" : `: ${text.trim()}`}`.slice(0, ERROR_TEXT_LIMIT),
  };
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
