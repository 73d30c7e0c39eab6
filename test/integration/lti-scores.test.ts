import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEDIA_TYPE, SCOPE } from "../../contract/lti";
import type { PrismaClient } from "../../generated/prisma/client";
import { enroll } from "../../server/courses";
import { createPrismaClient } from "../../server/db-client";
import { RequestError } from "../../server/errors";
import { setOverride } from "../../server/grades";
import type { GradeJob } from "../../server/grading/grader";
import { startGradingNode } from "../../server/grading/grading-node";
import { SubmissionGrader } from "../../server/grading/submission-grader";
import { claimScore, LEASE_MS, type ScoreTokenSource } from "../../server/lti/ags/deliver";
import { listScoreDeliveries, scoreDeliverySummary } from "../../server/lti/ags/deliveries";
import { onScoreQueued, queueLtiScores } from "../../server/lti/ags/queue-score";
import { retryScoreDelivery } from "../../server/lti/ags/retry";
import { ScoreOutbox, type ScoreOutboxOptions } from "../../server/lti/ags/score-outbox";
import type { TokenPlatform } from "../../server/lti/service-token";
import { deliverRegrade } from "../../server/regrade/deliver";
import { actorOf, createCourseFixture, createUser } from "../helpers/db";
import { engineUnavailable, ENGINES, openEngineDatabase, type EngineDatabase } from "../helpers/engines";
import { resultFor, scriptedGrader } from "../helpers/scripted-grader";

/**
 * LMS grade delivery (AGS 2.0 score service) through the durable outbox, on both engines: a grade change queues the
 * learner's grade (best credited score, or the override) in its own transaction for each line item with the score
 * scope, superseding what was not sent yet; one deliverer at a time claims a row; a stand-in platform on the loopback
 * answers 503, 401, 400, 429 and 200, and the rows end delivered, retried or failed as AGS and HTTP say; rows survive
 * a restart; an admin retries a failed one, recorded in the audit log. No wall-clock timing is asserted: the
 * deliverer's clock is injected.
 */
const quiet = () => undefined;

/** One POST the stand-in platform received. */
interface Received {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}
interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Runs before the answer goes out, while the deliverer waits for it. */
  before?: () => Promise<void>;
}

/** A platform's score service on 127.0.0.1: answers each line item's POSTs from its script (then 200), and records them. */
class StandInPlatform {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, Reply[]>();
  private server: Server | null = null;
  base = "";

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const path = request.url ?? "";
        this.received.push({ path, authorization: request.headers.authorization, contentType: request.headers["content-type"], body: JSON.parse(Buffer.concat(chunks).toString() || "{}") as Record<string, unknown> });
        const item = /\/lineitems\/([^/]+)\//.exec(path)?.[1] ?? "";
        const reply = this.scripts.get(item)?.shift() ?? { status: 200, body: "{}" };
        void (reply.before ?? (async () => undefined))().then(() => {
          response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(reply.body ?? "");
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A fresh line item (with a query string, as Moodle's have) and the answers its score service gives, in order. */
  lineItem(replies: Reply[] = []): { id: string; url: string } {
    const id = randomUUID().slice(0, 8);
    this.scripts.set(id, [...replies]);
    return { id, url: `${this.base}/lineitems/${id}/lineitem?type_id=3` };
  }

  /** Replaces what a line item's score service answers next. */
  script(item: { id: string }, replies: Reply[]): void {
    this.scripts.set(item.id, [...replies]);
  }

  sentTo(item: { id: string }): Received[] {
    return this.received.filter((request) => request.path.includes(`/lineitems/${item.id}/`));
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** ServiceTokens' shape: a token per platform ("<platform id>:1") until it is forgotten, then the next ("...:2"). */
function fakeTokens(): ScoreTokenSource & { forgotten: string[][] } {
  const current = new Map<string, string>();
  const issued = new Map<string, number>();
  const forgotten: string[][] = [];
  return {
    forgotten,
    async tokenFor(platform: TokenPlatform) {
      let token = current.get(platform.id);
      if (!token) {
        const count = (issued.get(platform.id) ?? 0) + 1;
        issued.set(platform.id, count);
        current.set(platform.id, (token = `${platform.id}:${count}`));
      }
      return token;
    },
    forget(platform: TokenPlatform, scopes: readonly string[]) {
      forgotten.push([...scopes]);
      current.delete(platform.id);
    },
  };
}

describe.each(ENGINES)("LTI score outbox on $name", (engine) => {
  describe.skipIf(engineUnavailable(engine))("queue and delivery", () => {
    let database: EngineDatabase;
    let db: PrismaClient;
    const platform = new StandInPlatform();
    // The deliverers' clock: a day ahead of the real one (every queued row is due), moved on by the tests only.
    let clock = Date.now() + 24 * 3600_000;
    const now = () => new Date(clock);

    beforeAll(async () => {
      database = openEngineDatabase(engine);
      db = database.db;
      await platform.start();
    });
    afterAll(async () => {
      await platform.close();
      await database.close();
    });

    const refusal = async (work: Promise<unknown>) => {
      const error = await work.then(() => null, (reason: unknown) => reason);
      return error instanceof RequestError ? `${error.status} ${error.code}` : error;
    };

    /** An LMS registration, a course with an exercise (max 20), an enrolled learner, and their grade link with `scopes`. */
    async function launched(options: { scopes?: string[]; link?: boolean; replies?: Reply[] } = {}) {
      const { courseId, exerciseId } = await createCourseFixture(db, `ags-${randomUUID().slice(0, 8)}`, 20);
      const learner = await createUser(db);
      await enroll(db, learner.id, courseId);
      const lms = await db.ltiPlatform.create({
        data: {
          issuer: `https://lms-${randomUUID().slice(0, 8)}.example`,
          clientId: "pagewise",
          name: "Stand-in LMS",
          authUrl: `${platform.base}/auth`,
          tokenUrl: `${platform.base}/token`,
          jwksUrl: `${platform.base}/jwks`,
        },
      });
      const item = platform.lineItem(options.replies);
      const sub = `lms-user-${randomUUID().slice(0, 8)}`;
      if (options.link !== false) {
        await db.ltiGradeLink.create({
          data: { userId: learner.id, exerciseId, platformId: lms.id, sub, lineItemUrl: item.url, scopes: JSON.stringify(options.scopes ?? [SCOPE.lineItem, SCOPE.score]) },
        });
      }
      return { courseId, exerciseId, learner, lms, item, sub };
    }

    /** Grades a new submission of the learner through SubmissionGrader (its storeResult is the hook under test). */
    async function graded(who: { learner: { id: string }; exerciseId: string }, points: number, options: { credit?: number; status?: "graded" | "internal_error" } = {}) {
      const submission = await db.submission.create({
        data: { userId: who.learner.id, exerciseId: who.exerciseId, exerciseVersion: "e1", code: `${points}`, maxScore: 20, seed: "s", credit: options.credit ?? 100 },
      });
      const grader = new SubmissionGrader({
        db,
        grader: scriptedGrader(async () => resultFor(options.status ?? "graded", points)),
        hostId: "test-host",
        makeHiddenSeed: () => "hidden",
        announceFinal: async () => undefined,
      });
      await grader.deliver(submission.id);
      return submission.id;
    }

    const scoresOf = (who: { learner: { id: string }; exerciseId: string }) =>
      db.ltiScore.findMany({ where: { userId: who.learner.id, exerciseId: who.exerciseId }, orderBy: [{ producedAt: "asc" }, { id: "asc" }] });

    function outbox(tokens: ScoreTokenSource, options: Partial<ScoreOutboxOptions> = {}) {
      return new ScoreOutbox({ db, tokens, now, backoffBaseMs: 1_000, random: () => 0.5, log: quiet, ...options });
    }

    /** Delivers what is due at the injected clock until nothing is (rows other tests left due go first). */
    async function deliverDue(box: ScoreOutbox): Promise<void> {
      for (let turn = 0; turn < 50; turn++) if ((await box.runOnce()).length === 0) return;
      throw new Error("the outbox never ran dry");
    }

    it("queues the best credited score with the grading, for a link with the score scope only, and announces it", async () => {
      const learner = await launched();
      const announced: number[] = [];
      const stop = onScoreQueued(() => announced.push(1));
      const first = await graded(learner, 7);
      // Raw 10 at 50% credit (late) is 5 points: not better than 7.
      await graded(learner, 10, { credit: 50 });
      stop();
      const rows = await scoresOf(learner);
      expect(rows.map((row) => [row.state, row.scoreGiven, row.scoreMaximum, row.activityProgress, row.courseId, row.platformId, row.lineItemUrl, row.sub])).toEqual([
        ["superseded", 7, 20, "Completed", learner.courseId, learner.lms.id, learner.item.url, learner.sub],
        ["pending", 7, 20, "Completed", learner.courseId, learner.lms.id, learner.item.url, learner.sub],
      ]);
      expect(rows[0]?.submissionId).toBe(first);
      expect(rows[1]?.attempts).toBe(0);
      expect(announced).toHaveLength(2);

      const withoutScope = await launched({ scopes: [SCOPE.lineItem, SCOPE.resultReadonly] });
      await graded(withoutScope, 12);
      const withoutLink = await launched({ link: false });
      await graded(withoutLink, 12);
      expect(await scoresOf(withoutScope)).toEqual([]);
      expect(await scoresOf(withoutLink)).toEqual([]);
    });

    it("sends nothing for a submission the platform failed, and nothing when the grade's transaction rolls back", async () => {
      const learner = await launched();
      await graded(learner, 0, { status: "internal_error" });
      expect(await scoresOf(learner)).toEqual([]);
      await db.submission.create({ data: { userId: learner.learner.id, exerciseId: learner.exerciseId, exerciseVersion: "e1", code: "x", maxScore: 20, seed: "s", status: "graded", score: 9 } });
      const rolledBack = db.$transaction(async (tx) => {
        expect(await queueLtiScores(tx, { userId: learner.learner.id, exerciseId: learner.exerciseId, submissionId: null })).toBe(1);
        throw new Error("the grade change failed");
      });
      await expect(rolledBack).rejects.toThrow("the grade change failed");
      expect(await scoresOf(learner)).toEqual([]);
    });

    it("queues an instructor's override, and the automatic grade again when it is removed", async () => {
      const learner = await launched();
      const instructor = await createUser(db, "instructor");
      await graded(learner, 7);
      await setOverride(db, learner.courseId, actorOf(instructor), { userId: learner.learner.id, exerciseId: learner.exerciseId, score: 15.5, reason: "Oral exam" });
      await setOverride(db, learner.courseId, actorOf(instructor), { userId: learner.learner.id, exerciseId: learner.exerciseId, score: null, reason: "Back to the checks" });
      const rows = await scoresOf(learner);
      expect(rows.map((row) => [row.state, row.scoreGiven, row.submissionId === null])).toEqual([
        ["superseded", 7, false],
        ["superseded", 15.5, true],
        ["pending", 7, true],
      ]);
      // Only the newest pending row is ever sent.
      await deliverDue(outbox(fakeTokens()));
      expect(platform.sentTo(learner.item).map((request) => request.body.scoreGiven)).toEqual([7]);
    });

    it("queues a regrade's changed score", async () => {
      const learner = await launched();
      const submissionId = await graded(learner, 7);
      const run = await db.regradeRun.create({ data: { exerciseId: learner.exerciseId, exerciseVersion: "e2", dryRun: false, total: 1 } });
      const item = await db.regradeItem.create({ data: { runId: run.id, submissionId, userId: learner.learner.id } });
      const grader = scriptedGrader(async (job: GradeJob) => ({ ...resultFor("graded", 9), exerciseVersion: job.exerciseVersion }));
      expect(await deliverRegrade({ db, grader, maxDeliveries: 3 }, item.id, 0)).toBe("stored");
      const rows = await scoresOf(learner);
      expect(rows.map((row) => [row.state, row.scoreGiven, row.submissionId])).toEqual([
        ["superseded", 7, submissionId],
        ["pending", 9, null],
      ]);
    });

    it("lets one of two deliverers claim a row at a time, until its lease expires", async () => {
      const learner = await launched();
      await graded(learner, 7);
      const [row] = await scoresOf(learner);
      if (!row) throw new Error("no row queued");
      const other = createPrismaClient(database.url);
      try {
        const at = now();
        const claims = await Promise.all([claimScore(db, row.id, at), claimScore(other, row.id, at), claimScore(other, row.id, at)]);
        expect(claims.filter((lease) => lease !== null)).toHaveLength(1);
        expect(await claimScore(db, row.id, new Date(clock + LEASE_MS - 1))).toBeNull();
        expect(await claimScore(other, row.id, new Date(clock + LEASE_MS + 1))).not.toBeNull();
      } finally {
        await other.$disconnect();
      }
    });

    it("retries a 503 with backoff and delivers on the next try: the AGS score POST, bearer token and media type", async () => {
      const learner = await launched({ replies: [{ status: 503, body: "maintenance" }, { status: 200, body: "{}" }] });
      await graded(learner, 7);
      const tokens = fakeTokens();
      const box = outbox(tokens);
      const triedAt = clock;
      await deliverDue(box);
      let [row] = await scoresOf(learner);
      expect(row).toMatchObject({ state: "pending", attempts: 1, lastStatus: 503, lastError: "HTTP 503: maintenance", leaseUntil: null });
      // Base 1 s, first retry, no jitter (random 0.5).
      expect(row?.nextAttemptAt.getTime()).toBe(triedAt + 1_000);

      clock += 1_000;
      await deliverDue(box);
      [row] = await scoresOf(learner);
      expect(row).toMatchObject({ state: "delivered", attempts: 2, lastStatus: 200, lastError: null, leaseUntil: null });
      expect(row?.deliveredAt?.getTime()).toBe(clock);
      const sent = platform.sentTo(learner.item);
      expect(sent).toHaveLength(2);
      expect(sent[1]).toEqual({
        path: `/lineitems/${learner.item.id}/lineitem/scores?type_id=3`,
        authorization: `Bearer ${learner.lms.id}:1`,
        contentType: MEDIA_TYPE.score,
        body: { userId: learner.sub, scoreGiven: 7, scoreMaximum: 20, activityProgress: "Completed", gradingProgress: "FullyGraded", timestamp: row?.producedAt.toISOString() },
      });
    });

    it("forgets a token the platform refuses (401) and tries again at once with a fresh one", async () => {
      const learner = await launched({ replies: [{ status: 401, body: "token expired" }] });
      await graded(learner, 7);
      const tokens = fakeTokens();
      await deliverDue(outbox(tokens));
      const [row] = await scoresOf(learner);
      expect(row).toMatchObject({ state: "delivered", attempts: 2, lastStatus: 200 });
      expect(tokens.forgotten).toEqual([[SCOPE.score]]);
      expect(platform.sentTo(learner.item).map((request) => request.authorization)).toEqual([`Bearer ${learner.lms.id}:1`, `Bearer ${learner.lms.id}:2`]);
    });

    it("fails at once on another 4xx, keeping the platform's answer, and never sends the row again", async () => {
      const learner = await launched({ replies: [{ status: 400, body: '{"error":"line item is closed"}' }] });
      await graded(learner, 7);
      const box = outbox(fakeTokens());
      await deliverDue(box);
      clock += 3600_000;
      await deliverDue(box);
      const [row] = await scoresOf(learner);
      expect(row).toMatchObject({ state: "failed", attempts: 1, lastStatus: 400, lastError: 'HTTP 400: {"error":"line item is closed"}', leaseUntil: null });
      expect(platform.sentTo(learner.item)).toHaveLength(1);
    });

    it("waits what a 429's Retry-After asks, and fails after maxAttempts tries", async () => {
      const learner = await launched({ replies: [{ status: 429, body: "slow down", headers: { "retry-after": "120" } }, { status: 500 }, { status: 500 }] });
      await graded(learner, 7);
      const box = outbox(fakeTokens(), { maxAttempts: 3 });
      const triedAt = clock;
      await deliverDue(box);
      let [row] = await scoresOf(learner);
      expect(row).toMatchObject({ state: "pending", attempts: 1, lastStatus: 429 });
      expect(row?.nextAttemptAt.getTime()).toBe(triedAt + 120_000);
      clock += 120_000;
      await deliverDue(box);
      [row] = await scoresOf(learner);
      expect(row).toMatchObject({ state: "pending", attempts: 2, lastStatus: 500 });
      expect(row?.nextAttemptAt.getTime()).toBe(clock + 2_000);
      clock += 2_000;
      await deliverDue(box);
      [row] = await scoresOf(learner);
      expect(row).toMatchObject({ state: "failed", attempts: 3, lastStatus: 500, lastError: "HTTP 500 (gave up after 3 attempts)" });
    });

    it("does not retry a row superseded while it was being sent, and releases its lease", async () => {
      const learner = await launched();
      const instructor = await createUser(db, "instructor");
      // The instructor re-marks the work while the platform is still answering the first grade's POST.
      const remark = () => setOverride(db, learner.courseId, actorOf(instructor), { userId: learner.learner.id, exerciseId: learner.exerciseId, score: 12, reason: "Re-marked" });
      platform.script(learner.item, [{ status: 503, before: async () => void (await remark()) }]);
      await graded(learner, 7);
      await deliverDue(outbox(fakeTokens()));
      const rows = await scoresOf(learner);
      expect(rows.map((row) => [row.state, row.scoreGiven, row.attempts, row.leaseUntil])).toEqual([
        ["superseded", 7, 0, null],
        ["delivered", 12, 1, null],
      ]);
      expect(platform.sentTo(learner.item).map((request) => request.body.scoreGiven)).toEqual([7, 12]);
    });

    it("retries when the platform does not answer (status 0)", async () => {
      const learner = await launched();
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      await db.ltiGradeLink.updateMany({ where: { userId: learner.learner.id }, data: { lineItemUrl: `http://127.0.0.1:${port}/lineitems/gone/lineitem` } });
      await graded(learner, 7);
      await deliverDue(outbox(fakeTokens()));
      const [row] = await scoresOf(learner);
      expect(row).toMatchObject({ state: "pending", attempts: 1, lastStatus: 0 });
      expect(row?.lastError).toContain("could not be reached");
    });

    it("delivers after a restart: a fresh deliverer takes a row whose claimer died once its lease expired, and wakes on a new one", async () => {
      const learner = await launched();
      await graded(learner, 7);
      const [row] = await scoresOf(learner);
      if (!row) throw new Error("no row queued");
      // The process that claimed it died mid-delivery, never releasing its lease, which has run out since.
      await db.ltiScore.update({ where: { id: row.id }, data: { leaseUntil: new Date(Date.now() - 1_000) } });
      // A fresh process: the real clock, and a poll interval longer than the test, so only its first look and the
      // wake-up of a queued row can deliver.
      const box = new ScoreOutbox({ db, tokens: fakeTokens(), pollMs: 3600_000, log: quiet }).start();
      try {
        await waitFor(async () => (await db.ltiScore.findUniqueOrThrow({ where: { id: row.id } })).state === "delivered");
        const instructor = await createUser(db, "instructor");
        await setOverride(db, learner.courseId, actorOf(instructor), { userId: learner.learner.id, exerciseId: learner.exerciseId, score: 11, reason: "Re-marked" });
        await waitFor(async () => (await scoresOf(learner)).some((score) => score.scoreGiven === 11 && score.state === "delivered"));
      } finally {
        await box.stop();
      }
      expect(platform.sentTo(learner.item).map((request) => request.body.scoreGiven)).toEqual([7, 11]);
    });

    it("delivers from a grading process: a submission graded through its queue reaches the LMS gradebook", async () => {
      const learner = await launched();
      const grader = scriptedGrader(async () => resultFor("graded", 13));
      const node = await startGradingNode({ db, databaseUrl: database.url, kind: "grader", workers: 1, workerPath: "unused", grader, log: quiet, scoreTokens: fakeTokens() });
      try {
        await node.queue.submit({ userId: learner.learner.id, exerciseId: learner.exerciseId, exerciseVersion: "e1", code: "x", maxScore: 20, seed: "s" }, 0);
        await waitFor(async () => (await scoresOf(learner)).some((row) => row.state === "delivered"));
      } finally {
        await node.close();
      }
      expect(platform.sentTo(learner.item).map((request) => request.body.scoreGiven)).toEqual([13]);
    });

    it("lets an admin retry a failed delivery, recorded in the audit log; 409 when not failed, 404 when unknown", async () => {
      const learner = await launched({ replies: [{ status: 422, body: "scoreGiven above scoreMaximum" }] });
      await graded(learner, 7);
      const box = outbox(fakeTokens());
      await deliverDue(box);
      const [row] = await scoresOf(learner);
      if (!row) throw new Error("no row queued");
      expect(row.state).toBe("failed");
      const admin = await createUser(db, "admin");
      const retriedAt = new Date(clock);
      await retryScoreDelivery(db, actorOf(admin), row.id, retriedAt);
      expect(await db.ltiScore.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ state: "pending", attempts: 0, nextAttemptAt: retriedAt });
      const entries = await db.auditEntry.findMany({ where: { targetId: row.id } });
      expect(entries.map((entry) => [entry.action, entry.targetType, entry.actorId, entry.courseId, JSON.parse(entry.before ?? "null"), JSON.parse(entry.after ?? "null")])).toEqual([
        [
          "lti.score_retry",
          "lti_score",
          admin.id,
          learner.courseId,
          { state: "failed", learner: learner.learner.id, exerciseId: learner.exerciseId, attempts: 1, lastStatus: 422, lastError: "HTTP 422: scoreGiven above scoreMaximum" },
          { state: "pending", learner: learner.learner.id, exerciseId: learner.exerciseId },
        ],
      ]);
      expect(await refusal(retryScoreDelivery(db, actorOf(admin), row.id))).toBe("409 not_failed");
      expect(await refusal(retryScoreDelivery(db, actorOf(admin), "no-such-score"))).toBe("404 score_not_found");
      expect(await db.auditEntry.count({ where: { targetId: row.id } })).toBe(1);

      await deliverDue(box);
      expect(await db.ltiScore.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ state: "delivered", attempts: 1 });
    });

    it("lists deliveries with who, what and where, and counts them by state", async () => {
      const learner = await launched({ replies: [{ status: 404, body: "no such line item" }] });
      await graded(learner, 7);
      await graded(learner, 8);
      await deliverDue(outbox(fakeTokens()));
      const rows = await listScoreDeliveries(db, { courseId: learner.courseId, limit: 10 });
      expect(rows.map((row) => [row.state, row.scoreGiven, row.scoreMaximum, row.learner.email, row.exercise.title, row.platformName])).toEqual([
        ["failed", 8, 20, `${learner.learner.id}@test.local`, "E", "Stand-in LMS"],
        ["superseded", 7, 20, `${learner.learner.id}@test.local`, "E", "Stand-in LMS"],
      ]);
      expect(rows[0]).toMatchObject({ attempts: 1, lastStatus: 404, lastError: "HTTP 404: no such line item", deliveredAt: null });
      expect((await listScoreDeliveries(db, { courseId: learner.courseId, states: ["failed"], limit: 10 })).map((row) => row.scoreGiven)).toEqual([8]);
      expect(await scoreDeliverySummary(db, learner.courseId)).toEqual({ pending: 0, delivered: 0, superseded: 1, failed: 1 });
    });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
