import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../generated/prisma/client";
import { enroll } from "../../server/courses";
import type { GradeJob, Grader } from "../../server/grading/grader";
import { startGradingNode, type GradingNode } from "../../server/grading/grading-node";
import { cliActor } from "../../server/audit/actors";
import { regradeProgress, startRegrade } from "../../server/regrade/runs";
import { toSubmissionView } from "../../server/submissions";
import { createCourseFixture, createUser } from "../helpers/db";
import { engineUnavailable, ENGINES, openEngineDatabase, type EngineDatabase } from "../helpers/engines";
import { resultFor, scriptedGrader } from "../helpers/scripted-grader";

/**
 * Regrades through the grading queue on both databases: the seeds a submission was first graded with are reused
 * (so an unchanged exercise changes nothing, and a second regrade in a row changes nothing), a dry run changes no
 * submission, every grading stays in the history, and a learner whose grade changed sees from what.
 */
const quiet = () => undefined;

/** The checks' score for a job: `points` looked up by the code, as an exercise version that scores code would. */
function gradingBy(points: (job: GradeJob) => number): Grader & { seen: GradeJob[] } {
  const seen: GradeJob[] = [];
  const grader = scriptedGrader(async (job) => {
    seen.push(job);
    return { ...resultFor("graded", points(job)), exerciseVersion: job.exerciseVersion, seed: job.seed, hiddenSeed: job.hiddenSeed };
  });
  return Object.assign(grader, { seen });
}

describe.each(ENGINES)("regrade on $name", (engine) => {
  describe.skipIf(engineUnavailable(engine))("through the queue", () => {
    let database: EngineDatabase;
    let db: PrismaClient;
    let url: string;
    const nodes: GradingNode[] = [];

    beforeAll(() => {
      database = openEngineDatabase(engine);
      ({ db, url } = database);
    });
    afterEach(async () => {
      for (const node of nodes.splice(0).reverse()) await node.close();
    });
    afterAll(() => database.close());

    async function node(grader: Grader): Promise<GradingNode> {
      const started = await startGradingNode({ db, databaseUrl: url, kind: "grader", workers: 2, workerPath: "unused", grader, log: quiet });
      nodes.push(started);
      return started;
    }

    /** Three learners' graded submissions of a fresh exercise (scores 7, 12 and 20), graded by `grader`. */
    async function gradedWork(grader: Grader & { seen: GradeJob[] }) {
      const { courseId, exerciseId } = await createCourseFixture(db, `rg-${randomUUID().slice(0, 8)}`);
      const running = await node(grader);
      const ids: string[] = [];
      for (const code of ["seven", "twelve", "twenty"]) {
        const user = await createUser(db);
        await enroll(db, user.id, courseId);
        const submission = await running.queue.submit({ userId: user.id, exerciseId, exerciseVersion: "v1", code, maxScore: 20, seed: `seed-${code}` }, 0);
        ids.push(submission.id);
      }
      await waitFor(async () => (await db.submission.count({ where: { id: { in: ids }, status: "graded" } })) === 3);
      await running.close();
      nodes.splice(nodes.indexOf(running), 1);
      return { courseId, exerciseId, ids };
    }

    async function regrade(grader: Grader, exerciseId: string, dryRun: boolean) {
      const running = await node(grader);
      const started = await startRegrade(db, running.queue, { exerciseId, dryRun, actor: cliActor("npm run regrade") });
      await waitFor(async () => (await regradeProgress(db, started.runId))?.status === "done");
      const progress = await regradeProgress(db, started.runId);
      if (!progress) throw new Error("the run vanished");
      return progress;
    }

    const scores = { seven: 7, twelve: 12, twenty: 20 } as Record<string, number>;

    it("changes nothing on an unchanged exercise, reusing each submission's seeds", async () => {
      const first = gradingBy((job) => scores[job.code] ?? 0);
      const { exerciseId, ids } = await gradedWork(first);
      const hiddenSeeds = new Map(first.seen.map((job) => [job.code, job.hiddenSeed]));
      const again = gradingBy((job) => scores[job.code] ?? 0);
      const progress = await regrade(again, exerciseId, false);
      expect(progress).toMatchObject({ total: 3, regraded: 3, changed: 0, failed: 0, pending: 0, changes: [] });
      expect(again.seen.map((job) => [job.code, job.seed, job.hiddenSeed]).sort()).toEqual(
        ["seven", "twelve", "twenty"].map((code) => [code, `seed-${code}`, hiddenSeeds.get(code)]),
      );
      const rows = await db.submission.findMany({ where: { id: { in: ids } } });
      expect(rows.map((row) => [row.score, row.regradedFrom]).sort()).toEqual([[12, null], [20, null], [7, null]]);
      expect(await db.grading.count({ where: { submissionId: { in: ids } } })).toBe(6);
    });

    it("applies a changed check's scores, and a second regrade in a row changes nothing", async () => {
      const { exerciseId, ids } = await gradedWork(gradingBy((job) => scores[job.code] ?? 0));
      // The fixed check gives "seven" 9 points and "twelve" 10.
      const fixed = { seven: 9, twelve: 10, twenty: 20 } as Record<string, number>;
      await db.exercise.update({ where: { id: exerciseId }, data: { contentHash: "v2" } });
      const progress = await regrade(gradingBy((job) => fixed[job.code] ?? 0), exerciseId, false);
      expect(progress).toMatchObject({ total: 3, regraded: 3, changed: 2, failed: 0, exerciseVersion: "v2" });
      expect(progress.changes.map((c) => [c.oldScore, c.newScore]).sort()).toEqual([[12, 10], [7, 9]]);
      const rows = await db.submission.findMany({ where: { id: { in: ids } }, orderBy: { score: "asc" } });
      expect(rows.map((row) => [row.score, row.regradedFrom, row.exerciseVersion])).toEqual([[9, 7, "v2"], [10, 12, "v2"], [20, null, "v2"]]);
      expect(toSubmissionView(rows[0] ?? never())).toMatchObject({ score: 9, regradedFrom: 7 });

      const second = await regrade(gradingBy((job) => fixed[job.code] ?? 0), exerciseId, false);
      expect(second).toMatchObject({ total: 3, regraded: 3, changed: 0, failed: 0 });
      const after = await db.submission.findMany({ where: { id: { in: ids } }, orderBy: { score: "asc" } });
      expect(after.map((row) => [row.score, row.regradedFrom])).toEqual([[9, 7], [10, 12], [20, null]]);
    });

    it("previews without changing any submission (a dry run), keeping the preview in the history", async () => {
      const { exerciseId, ids } = await gradedWork(gradingBy((job) => scores[job.code] ?? 0));
      const progress = await regrade(gradingBy(() => 0), exerciseId, true);
      expect(progress).toMatchObject({ dryRun: true, regraded: 3, changed: 3 });
      const rows = await db.submission.findMany({ where: { id: { in: ids } } });
      expect(rows.map((row) => row.score).sort()).toEqual([12, 20, 7]);
      expect(await db.grading.count({ where: { submissionId: { in: ids }, kind: "preview" } })).toBe(3);
    });

    it("records a grader that fails on a submission as a failed item and leaves its grade alone", async () => {
      const { exerciseId, ids } = await gradedWork(gradingBy((job) => scores[job.code] ?? 0));
      const broken = scriptedGrader(async (job) => (job.code === "twelve" ? { ...resultFor("internal_error", 0), hiddenSeed: job.hiddenSeed } : { ...resultFor("graded", scores[job.code] ?? 0), hiddenSeed: job.hiddenSeed }));
      const progress = await regrade(broken, exerciseId, false);
      expect(progress).toMatchObject({ regraded: 2, failed: 1, changed: 0, pending: 0 });
      expect(progress.failures[0]).toMatch(/the grader failed on this submission during the regrade/i);
      expect((await db.submission.findMany({ where: { id: { in: ids } } })).map((row) => row.score).sort()).toEqual([12, 20, 7]);
    });

    it("refuses an unknown exercise and an exercise of another course", async () => {
      const { exerciseId } = await createCourseFixture(db, `rg-${randomUUID().slice(0, 8)}`);
      const queue = { enqueueRegrade: async () => [] };
      await expect(startRegrade(db, queue, { exerciseId: "no-such-exercise", dryRun: false, actor: cliActor("npm run regrade") })).rejects.toMatchObject({ status: 404 });
      await expect(startRegrade(db, queue, { exerciseId, courseId: "another-course", dryRun: false, actor: cliActor("npm run regrade") })).rejects.toMatchObject({ status: 404 });
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

function never(): never {
  throw new Error("missing row");
}
