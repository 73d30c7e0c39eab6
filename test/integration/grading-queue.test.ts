import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GradeResult } from "../../contract/grade-result";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Grader } from "../../server/grading/grader";
import { startGradingNode, openQueue, type GradingNode } from "../../server/grading/grading-node";
import { HOST_DEAD_AFTER_MS } from "../../server/grading/hosts";
import { GRADE_QUEUE, type PgBossQueue } from "../../server/grading/pg-boss-queue";
import type { GradingQueue } from "../../server/grading/queue";
import { MAX_DELIVERIES, PLATFORM_FAILURE_MESSAGE, SubmissionGrader } from "../../server/grading/submission-grader";
import { createCourseFixture, createUser } from "../helpers/db";
import { engineUnavailable, ENGINES, openEngineDatabase, type EngineDatabase } from "../helpers/engines";
import { resultFor, scriptedGrader } from "../helpers/scripted-grader";

/**
 * The queue's guarantees, one suite for both engines (server/grading/queue.ts): the in-process queue on SQLite
 * and pg-boss on PostgreSQL. Every test tags its code with a fresh id and looks only at its own submissions:
 * the tests of one engine share a database, and a consumer may meet another test's leftovers.
 */

const quiet = () => undefined;

describe.each(ENGINES)("grading queue on $name", (engine) => {
  describe.skipIf(engineUnavailable(engine))("guarantees", () => {
    let database: EngineDatabase;
    let db: PrismaClient;
    let url: string;
    const opened: { close(): Promise<void> }[] = [];

    beforeAll(() => {
      database = openEngineDatabase(engine);
      ({ db, url } = database);
    });
    afterEach(async () => {
      for (const resource of opened.splice(0).reverse()) await resource.close();
    });
    afterAll(() => database.close());

    async function startNode(grader: Grader, workers = 1, prefetch?: number): Promise<GradingNode> {
      const node = await startGradingNode({ db, databaseUrl: url, kind: "grader", workers, prefetch, workerPath: "unused", grader, log: quiet });
      opened.push(node);
      return node;
    }

    async function bareQueue(): Promise<GradingQueue> {
      const queue = await openQueue(db, url, quiet);
      opened.push(queue);
      return queue;
    }

    async function learner() {
      return (await createUser(db)).id;
    }

    async function submit(queue: GradingQueue, userId: string, code: string, maxInFlight = 0) {
      const { exerciseId } = await createCourseFixture(db);
      return queue.submit({ userId, exerciseId, exerciseVersion: "e1", code, maxScore: 20, seed: "s" }, maxInFlight);
    }

    const row = (id: string) => db.submission.findUniqueOrThrow({ where: { id } });
    const statusOf = async (id: string) => (await row(id)).status;
    const isFinal = async (id: string) => ["graded", "failed"].includes(await statusOf(id));

    it("stores a submission's result and wakes the long poll waiting for it", async () => {
      const tag = randomUUID();
      const node = await startNode(scriptedGrader(async () => resultFor("graded", 20)));
      const submission = await submit(node.queue, await learner(), `${tag} good`);
      await node.queue.waitForFinal(submission.id, 30_000, () => isFinal(submission.id));
      expect(await row(submission.id)).toMatchObject({ status: "graded", outcome: "graded", score: 20, attempts: 1, graderHostId: node.host?.id });
    });

    it("grades a submission whose accepting process died before grading it (no insert-then-send gap)", async () => {
      const tag = randomUUID();
      const accepting = await bareQueue();
      const submission = await submit(accepting, await learner(), `${tag} orphan`);
      await accepting.close();
      const grader = scriptedGrader(async () => resultFor("graded", 12));
      await startNode(grader);
      await expect.poll(() => statusOf(submission.id), { timeout: 30_000 }).toBe("graded");
      expect(grader.seen.filter((code) => code.startsWith(tag))).toEqual([`${tag} orphan`]);
    });

    it.runIf(engine.postgres)("writes the submission and its job in one transaction: no job, no submission", async () => {
      const queue = (await bareQueue()) as PgBossQueue;
      const userId = await learner();
      const before = await db.submission.count({ where: { userId } });
      // With pg-boss's job table out of the way, the job's INSERT fails after the submission's: the whole
      // transaction, the submission's row included, must be rolled back.
      await db.$executeRawUnsafe(`ALTER TABLE pgboss.job RENAME TO job_away`);
      try {
        await expect(submit(queue, userId, "no job")).rejects.toThrow();
      } finally {
        await db.$executeRawUnsafe(`ALTER TABLE pgboss.job_away RENAME TO job`);
      }
      expect(await db.submission.count({ where: { userId } })).toBe(before);
    });

    it("stores one result when a job is delivered twice, at once or after it is final", async () => {
      const tag = randomUUID();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const grader = scriptedGrader(async (job) => {
        await gate;
        return resultFor("graded", job.hiddenSeed === "first" ? 5 : 9);
      });
      const queue = await bareQueue();
      const userId = await learner();
      const submission = await submit(queue, userId, `${tag} twice`);
      const seeds = ["first", "second"];
      const deliveries = new SubmissionGrader({
        db,
        grader,
        hostId: "test-host",
        makeHiddenSeed: () => seeds.shift() ?? "later",
        announceFinal: (id) => queue.announceFinal(id),
      });
      const both = Promise.all([deliveries.deliver(submission.id), deliveries.deliver(submission.id)]);
      await expect.poll(() => grader.seen.length).toBe(2);
      release();
      expect((await both).sort()).toEqual(["already_final", "stored"]);
      // Whichever finished first is the result (5 or 9); the other was dropped, not stored over it.
      const stored = await row(submission.id);
      expect(stored.status).toBe("graded");
      expect([5, 9]).toContain(stored.score);
      expect(JSON.parse(stored.resultJson ?? "{}")).toMatchObject({ score: stored.score });

      // A third delivery, once final: nothing is graded, nothing changes.
      const node = await startNode(grader);
      await node.queue.requeue({ submissionId: submission.id, userId });
      await expect.poll(async () => (await node.queue.depth()) + node.queue.running, { timeout: 30_000 }).toBe(0);
      expect(grader.seen).toHaveLength(2);
      expect(await row(submission.id)).toEqual(stored);
    });

    it("fails a poisoned job as the platform's fault after a bounded number of deliveries, and grades the rest", async () => {
      const tag = randomUUID();
      const grader = scriptedGrader(async (job) => {
        if (job.code.endsWith("poison")) throw new Error("the worker pool died");
        return resultFor("graded", 20);
      });
      const node = await startNode(grader);
      const userId = await learner();
      const poisoned = await submit(node.queue, userId, `${tag} poison`);
      const healthy = await submit(node.queue, userId, `${tag} healthy`);
      await expect.poll(() => statusOf(healthy.id), { timeout: 30_000 }).toBe("graded");
      await expect.poll(() => statusOf(poisoned.id), { timeout: 45_000, interval: 250 }).toBe("failed");
      const failed = await row(poisoned.id);
      expect(failed).toMatchObject({ outcome: "internal_error", message: PLATFORM_FAILURE_MESSAGE, score: null });
      expect(failed.attempts).toBe(MAX_DELIVERIES + 1);
      expect(grader.seen.filter((code) => code === `${tag} poison`)).toHaveLength(MAX_DELIVERIES);
    }, 60_000);

    it("drains: takes no new job, stores the running one, and leaves the rest for another host", async () => {
      const tag = randomUUID();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const slow = scriptedGrader(async () => {
        await gate;
        return resultFor("graded", 20);
      });
      const accepting = await bareQueue();
      const userId = await learner();
      const first = await submit(accepting, userId, `${tag} 1`);
      const rest = [await submit(accepting, userId, `${tag} 2`), await submit(accepting, userId, `${tag} 3`)];
      const node = await startNode(slow, 1, 0);
      await expect.poll(() => slow.seen.includes(`${tag} 1`), { timeout: 30_000 }).toBe(true);
      const drained = node.drain();
      release();
      await drained;
      expect(await statusOf(first.id)).toBe("graded");
      for (const later of rest) expect(await statusOf(later.id)).toBe("queued");
      expect(slow.seen.filter((code) => code.startsWith(tag))).toEqual([`${tag} 1`]);

      await node.close();
      await startNode(scriptedGrader(async () => resultFor("graded", 20)));
      for (const later of rest) await expect.poll(() => statusOf(later.id), { timeout: 30_000 }).toBe("graded");
    });

    it("grades every learner's first submission before anyone's second (a flood waits its turn)", async () => {
      const tag = randomUUID();
      const accepting = await bareQueue();
      const [flood, other, third] = [await learner(), await learner(), await learner()];
      const arrivals: [string, string][] = [
        [flood, "A1"], [flood, "A2"], [flood, "A3"], [flood, "A4"], [other, "B1"], [third, "C1"], [other, "B2"],
      ];
      const submitted = [];
      for (const [userId, name] of arrivals) submitted.push(await submit(accepting, userId, `${tag} ${name}`));
      const grader = scriptedGrader(async () => resultFor("graded", 20));
      // No job taken ahead of the worker: the order of taking is what this test reads.
      await startNode(grader, 1, 0);
      for (const submission of submitted) await expect.poll(() => statusOf(submission.id), { timeout: 30_000 }).toBe("graded");
      const order = grader.seen.filter((code) => code.startsWith(tag)).map((code) => code.slice(tag.length + 1));
      expect(order).toEqual(["A1", "B1", "C1", "A2", "B2", "A3", "A4"]);
    });

    it("refuses a submission past the learner's cap on submissions in flight, and stores nothing", async () => {
      const queue = await bareQueue();
      const userId = await learner();
      await submit(queue, userId, "one", 2);
      await submit(queue, userId, "two", 2);
      await expect(submit(queue, userId, "three", 2)).rejects.toMatchObject({ status: 429, code: "too_many_in_flight" });
      expect(await db.submission.count({ where: { userId } })).toBe(2);
      const someoneElse = await learner();
      await expect(submit(queue, someoneElse, "theirs", 2)).resolves.toMatchObject({ status: "queued" });

      // At once, too: five submits racing for a cap of 2 store exactly 2.
      const racer = await learner();
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => submit(queue, racer, `race ${i}`, 2)));
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(2);
      expect(await db.submission.count({ where: { userId: racer } })).toBe(2);
    });

    it("queues again what a dead grader host was grading", async () => {
      const queue = await bareQueue();
      const submission = await submit(queue, await learner(), `${randomUUID()} orphaned by a dead host`);
      const longAgo = new Date(Date.now() - HOST_DEAD_AFTER_MS - 60_000);
      const deadHost = `dead-${randomUUID()}`;
      await db.graderHost.create({
        data: { id: deadHost, hostname: "gone", pid: 1, kind: "grader", concurrency: 1, graderVersion: "test", lastSeenAt: longAgo },
      });
      await db.submission.update({ where: { id: submission.id }, data: { status: "running", attempts: 1, graderHostId: deadHost } });
      if (engine.postgres) {
        // Its job is picked up (active) by the dead host: only the reaper can bring it back before expiry.
        await db.$executeRawUnsafe(`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE name = $1 AND data->>'submissionId' = $2`, GRADE_QUEUE, submission.id);
      }
      await startNode(scriptedGrader(async () => resultFor("graded", 15)));
      await expect.poll(() => statusOf(submission.id), { timeout: 30_000 }).toBe("graded");
      expect(await row(submission.id)).toMatchObject({ score: 15, attempts: 2 });
      expect((await db.graderHost.findUniqueOrThrow({ where: { id: deadHost } })).stoppedAt).not.toBeNull();
    });

    it.runIf(engine.postgres)("wakes a long poll on one web server when another host stores the result", async () => {
      const web = await bareQueue();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      await startNode(
        scriptedGrader(async (): Promise<GradeResult> => {
          await gate;
          return resultFor("graded", 20);
        }),
      );
      const submission = await submit(web, await learner(), "elsewhere");
      let woke = false;
      const waiting = web.waitForFinal(submission.id, 60_000, () => isFinal(submission.id)).then(() => (woke = true));
      await expect.poll(() => statusOf(submission.id), { timeout: 30_000 }).toBe("running");
      expect(woke).toBe(false);
      release();
      await waiting;
      expect(await statusOf(submission.id)).toBe("graded");
    });
  });
});
