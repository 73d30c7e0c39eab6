import { afterAll, describe, expect, it } from "vitest";
import { RESULT_SCHEMA_VERSION, type GradeResult } from "../../contract/grade-result";
import { GradingService, type Grader } from "../../server/grading/service";
import { createCourseFixture, createUser, testDb } from "../helpers/db";

const db = testDb();
afterAll(() => db.$disconnect());

function resultFor(status: GradeResult["status"], score: number): GradeResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    status,
    score,
    maxScore: 20,
    message: status,
    checks: [],
    compileErrors: [],
    console: "",
    exerciseId: "walk-32",
    exerciseVersion: "e1",
    graderVersion: "test",
    seed: "s",
    hiddenSeed: "h",
    timings: { compileMs: 1, runMs: 2, totalMs: 3 },
  };
}

/** A grader that answers from a script, to drive the service through every path. */
function scriptedGrader(answer: (code: string) => Promise<GradeResult>): Grader & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    grade: async (job) => {
      seen.push(job.code);
      return answer(job.code);
    },
    close: async () => undefined,
  };
}

async function queued(code: string) {
  const { exerciseId } = await createCourseFixture(db);
  const user = await createUser(db);
  return db.submission.create({ data: { userId: user.id, exerciseId, exerciseVersion: "e1", code, maxScore: 20, seed: "s" } });
}

describe("GradingService", () => {
  it("stores a graded result with its score, outcome, timings and grader version", async () => {
    const submission = await queued("good");
    const service = new GradingService(db, scriptedGrader(async () => resultFor("graded", 20)), () => "hidden");
    await service.enqueue(submission.id);
    const stored = await db.submission.findUniqueOrThrow({ where: { id: submission.id } });
    expect(stored).toMatchObject({ status: "graded", outcome: "graded", score: 20, graderVersion: "test", attempts: 1, runMs: 2 });
    expect(stored.finishedAt).not.toBeNull();
    expect(JSON.parse(stored.resultJson ?? "null")).toMatchObject({ status: "graded", score: 20 });
  });

  it("counts a learner's timeout as graded (zero points), a platform fault as failed", async () => {
    const timedOut = await queued("loop");
    const broken = await queued("crash");
    const grader = scriptedGrader(async (code) => (code === "loop" ? resultFor("timeout", 0) : resultFor("internal_error", 0)));
    const service = new GradingService(db, grader, () => "hidden");
    await Promise.all([service.enqueue(timedOut.id), service.enqueue(broken.id)]);
    expect(await db.submission.findUniqueOrThrow({ where: { id: timedOut.id } })).toMatchObject({ status: "graded", outcome: "timeout", score: 0 });
    expect(await db.submission.findUniqueOrThrow({ where: { id: broken.id } })).toMatchObject({ status: "failed", outcome: "internal_error", score: null });
  });

  it("marks the submission failed with a message when the grader throws", async () => {
    const submission = await queued("x");
    const service = new GradingService(db, scriptedGrader(() => Promise.reject(new Error("worker pool closed"))), () => "hidden", () => undefined);
    await service.enqueue(submission.id);
    const stored = await db.submission.findUniqueOrThrow({ where: { id: submission.id } });
    expect(stored.status).toBe("failed");
    expect(stored.message).toMatch(/could not finish/);
  });

  it("re-queues submissions a crashed process left queued or running, and leaves finished ones alone", async () => {
    const left = await queued("left-queued");
    const running = await queued("left-running");
    await db.submission.update({ where: { id: running.id }, data: { status: "running", attempts: 1 } });
    const done = await queued("done");
    await db.submission.update({ where: { id: done.id }, data: { status: "graded", score: 3 } });
    const grader = scriptedGrader(async () => resultFor("graded", 7));
    const service = new GradingService(db, grader, () => "hidden");
    expect(await service.recover()).toBeGreaterThanOrEqual(2);
    await service.drain();
    expect(await db.submission.findUniqueOrThrow({ where: { id: left.id } })).toMatchObject({ status: "graded", score: 7 });
    expect(await db.submission.findUniqueOrThrow({ where: { id: running.id } })).toMatchObject({ status: "graded", attempts: 2 });
    expect(await db.submission.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({ status: "graded", score: 3 });
    expect(grader.seen).not.toContain("done");
  });

  it("grades a submission once even when enqueued twice", async () => {
    const submission = await queued("twice");
    const grader = scriptedGrader(async () => resultFor("graded", 20));
    const service = new GradingService(db, grader, () => "hidden");
    await Promise.all([service.enqueue(submission.id), service.enqueue(submission.id)]);
    await service.enqueue(submission.id);
    expect(grader.seen.filter((code) => code === "twice")).toHaveLength(1);
  });
});

describe("GradingService.waitUntilSettled", () => {
  it("resolves when grading ends, before the timeout", async () => {
    const submission = await queued("slow");
    let finish: (result: GradeResult) => void = () => undefined;
    const grader = scriptedGrader(() => new Promise<GradeResult>((resolve) => (finish = resolve)));
    const service = new GradingService(db, grader, () => "hidden");
    void service.enqueue(submission.id);
    await expect.poll(() => grader.seen.length).toBe(1);
    const waiting = service.waitUntilSettled(submission.id, 60_000).then(() => "settled");
    finish(resultFor("graded", 20));
    expect(await waiting).toBe("settled");
    expect(await db.submission.findUniqueOrThrow({ where: { id: submission.id } })).toMatchObject({ status: "graded" });
  });

  it("gives up after the timeout, and returns at once for a submission it is not grading", async () => {
    const submission = await queued("stuck");
    const service = new GradingService(db, scriptedGrader(() => new Promise<GradeResult>(() => undefined)), () => "hidden");
    void service.enqueue(submission.id);
    await service.waitUntilSettled(submission.id, 50);
    expect((await db.submission.findUniqueOrThrow({ where: { id: submission.id } })).status).toBe("running");
    await service.waitUntilSettled("not-in-flight", 60_000);
  });
});
