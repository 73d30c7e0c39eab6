import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { gradebookCsvQuerySchema } from "../../contract/http/gradebook";
import { enroll } from "../../server/courses";
import { RequestError } from "../../server/errors";
import { buildGradebook } from "../../server/gradebook";
import { gradebookCsv } from "../../server/gradebook-csv";
import { finalScores, overrideHistory, setOverride } from "../../server/grades";
import { actorOf, createCourseFixture, createUser, testDb } from "../helpers/db";

const db = testDb();
afterAll(() => db.$disconnect());

/** A course with two modules (one exercise each), three learners and an instructor, and some graded work. */
async function termFixture() {
  const { courseId, exerciseId } = await createCourseFixture(db, `gb-${crypto.randomUUID().slice(0, 8)}`, 20);
  const secondModule = `${courseId}/m2`;
  await db.module.create({ data: { id: secondModule, courseId, slug: "m2", title: "Second module", position: 2 } });
  await db.lesson.create({ data: { id: `${courseId}/l2`, courseId, moduleId: secondModule, slug: "l2", title: "L2", summary: "s", position: 1, contentHash: "l2" } });
  const second = `${exerciseId}-second`;
  await db.exercise.create({ data: { id: second, courseId, lessonId: `${courseId}/l2`, title: "Second, \"quoted\"", position: 1, maxScore: 10, contentHash: "e2" } });
  const ada = await createUser(db);
  const bob = await createUser(db);
  const idle = await createUser(db);
  const instructor = await createUser(db, "instructor");
  for (const user of [ada, bob, idle]) await enroll(db, user.id, courseId);
  await db.user.update({ where: { id: ada.id }, data: { name: "Ada Lovelace" } });
  await db.user.update({ where: { id: bob.id }, data: { name: "=HYPERLINK(\"http://evil\"), Bob" } });
  await db.user.update({ where: { id: idle.id }, data: { name: "Idle" } });
  await db.enrollment.create({ data: { userId: instructor.id, courseId, role: "instructor" } });
  const submit = (userId: string, exercise: string, status: string, score: number | null, creditReason = "on_time") =>
    db.submission.create({ data: { userId, exerciseId: exercise, exerciseVersion: "e1", code: "c", maxScore: 20, seed: "s", status, score, rawScore: score, creditReason } });
  await submit(ada.id, exerciseId, "graded", 12);
  await submit(ada.id, exerciseId, "graded", 20);
  await submit(bob.id, exerciseId, "graded", 7);
  await submit(bob.id, exerciseId, "failed", null);
  await submit(bob.id, second, "graded", 2.5, "late");
  return { courseId, exerciseId, second, secondModule, ada, bob, idle, instructor };
}

describe("the gradebook", () => {
  it("lists every learner with their grades and attempts, and summarises each exercise", async () => {
    const { courseId, exerciseId, second, ada, bob, idle } = await termFixture();
    const { rows, exercises, learnerCount } = await buildGradebook(db, courseId);
    expect(rows).toHaveLength(3); // learners only, not the instructor
    expect(learnerCount).toBe(3);
    const byId = new Map(rows.map((row) => [row.userId, row]));
    expect(byId.get(ada.id)?.cells[exerciseId]).toEqual({ automatic: 20, attempts: 2, late: false, override: null, final: 20 });
    expect(byId.get(bob.id)?.cells[exerciseId]).toEqual({ automatic: 7, attempts: 2, late: false, override: null, final: 7 });
    expect(byId.get(bob.id)?.cells[second]).toMatchObject({ automatic: 2.5, late: true, final: 2.5 });
    expect(byId.get(idle.id)?.cells[exerciseId]).toEqual({ automatic: null, attempts: 0, late: false, override: null, final: null });
    expect(byId.get(bob.id)?.total).toBe(9.5);
    expect(exercises[0]).toMatchObject({ id: exerciseId, attempted: 2, fullMarks: 1, meanBest: 13.5 });
    expect(exercises[0]?.histogram).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
  });

  it("filters by module, by late work and by learners who have not started", async () => {
    const { courseId, exerciseId, second, secondModule, bob, idle } = await termFixture();
    const firstModule = `${courseId}/m`;
    expect((await buildGradebook(db, courseId, { module: firstModule, show: "all" })).exercises.map((e) => e.id)).toEqual([exerciseId]);
    expect((await buildGradebook(db, courseId, { module: secondModule, show: "all" })).exercises.map((e) => e.id)).toEqual([second]);
    expect((await buildGradebook(db, courseId, { show: "late" })).rows.map((r) => r.userId)).toEqual([bob.id]);
    expect((await buildGradebook(db, courseId, { module: firstModule, show: "late" })).rows).toEqual([]);
    expect((await buildGradebook(db, courseId, { show: "not-started" })).rows.map((r) => r.userId)).toEqual([idle.id]);
    // In the second module only Bob has started: Ada has not.
    expect((await buildGradebook(db, courseId, { module: secondModule, show: "not-started" })).rows.map((r) => r.name).sort()).toEqual(["Ada Lovelace", "Idle"]);
  });
});

describe("manual overrides", () => {
  it("replace the automatic grade with a reason, keep every earlier grade in history, and can be removed", async () => {
    const { courseId, exerciseId, bob, instructor } = await termFixture();
    const set = (score: number | null, reason: string) => setOverride(db, courseId, actorOf(instructor), { userId: bob.id, exerciseId, score, reason });
    await set(15, "The grader timed out on the lab machines; checked by hand.");
    let [row] = (await buildGradebook(db, courseId, { show: "late" })).rows;
    expect(row?.cells[exerciseId]).toMatchObject({ automatic: 7, final: 15, override: { score: 15, reason: "The grader timed out on the lab machines; checked by hand." } });
    expect((await finalScores(db, bob.id, [exerciseId])).get(exerciseId)).toBe(15);
    await set(16, "Re-checked.");
    await set(null, "Back to the automatic grade after the regrade.");
    [row] = (await buildGradebook(db, courseId, { show: "late" })).rows;
    expect(row?.cells[exerciseId]).toMatchObject({ automatic: 7, final: 7, override: null });
    expect((await overrideHistory(db, bob.id, exerciseId)).map((entry) => [entry.score, entry.reason])).toEqual([
      [null, "Back to the automatic grade after the regrade."],
      [16, "Re-checked."],
      [15, "The grader timed out on the lab machines; checked by hand."],
    ]);
  });

  it("refuse a learner outside the course, an exercise outside it, and a score outside 0..maxScore", async () => {
    const { courseId, exerciseId, bob, instructor } = await termFixture();
    const other = await termFixture();
    const stranger = await createUser(db);
    const attempt = async (userId: string, exercise: string, score: number) => {
      const error = await setOverride(db, courseId, actorOf(instructor), { userId, exerciseId: exercise, score, reason: "r" }).then(() => null, (e: unknown) => e);
      return error instanceof RequestError ? [error.status, error.code] : error;
    };
    expect(await attempt(stranger.id, exerciseId, 5)).toEqual([404, "learner_not_found"]);
    expect(await attempt(bob.id, other.exerciseId, 5)).toEqual([404, "exercise_not_found"]);
    expect(await attempt(bob.id, exerciseId, 21)).toEqual([422, "score_out_of_range"]);
    expect(await attempt(bob.id, exerciseId, -1)).toEqual([422, "score_out_of_range"]);
    expect(await overrideHistory(db, bob.id, exerciseId)).toEqual([]);
  });
});

describe("the gradebook as CSV", () => {
  it("writes RFC 4180 that parses back to the gradebook, with the filters applied and formulas defused", async () => {
    const { courseId, exerciseId, second, ada, bob, instructor } = await termFixture();
    await setOverride(db, courseId, actorOf(instructor), { userId: ada.id, exerciseId: second, score: 9, reason: "Oral exam" });
    const query = gradebookCsvQuerySchema.parse({});
    const csv = gradebookCsv(courseId, await buildGradebook(db, courseId, query), query, new Date("2027-01-31T12:00:00Z"));
    expect(csv.filename).toBe(`${courseId}-gradebook-2027-01-31.csv`);
    expect(csv.text.endsWith("\r\n")).toBe(true);
    const records: string[][] = parse(csv.text);
    expect(records[0]).toEqual(["name", "email", exerciseId, second, "total"]);
    expect(records.slice(1)).toEqual([
      // Bob's chosen name would run as a formula in a spreadsheet: it is written as text.
      [`'=HYPERLINK("http://evil"), Bob`, `${bob.id}@test.local`, "7", "2.5", "9.5"],
      ["Ada Lovelace", `${ada.id}@test.local`, "20", "9", "29"],
      ["Idle", expect.stringMatching(/@test\.local$/), "", "", "0"],
    ]);

    const late = gradebookCsvQuerySchema.parse({ show: "late", module: `${courseId}/m2` });
    const lateCsv = gradebookCsv(courseId, await buildGradebook(db, courseId, late), late, new Date("2027-01-31T12:00:00Z"));
    expect(lateCsv.filename).toBe(`${courseId}-gradebook-m2-late-2027-01-31.csv`);
    expect(parse(lateCsv.text)).toEqual([["name", "email", second, "total"], [`'=HYPERLINK("http://evil"), Bob`, `${bob.id}@test.local`, "2.5", "2.5"]]);
  });

  it("writes Canvas's gradebook import layout: identity columns, Points Possible, one column per exercise, no total", async () => {
    const { courseId, exerciseId, second, ada } = await termFixture();
    const query = gradebookCsvQuerySchema.parse({ layout: "canvas" });
    const csv = gradebookCsv(courseId, await buildGradebook(db, courseId, query), query);
    const records: string[][] = parse(csv.text);
    expect(records[0]).toEqual(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", `E (${exerciseId})`, `Second, "quoted" (${second})`]);
    expect(records[1]).toEqual(["Points Possible", "", "", "", "", "20", "10"]);
    expect(records.find((record) => record[0] === "Ada Lovelace")).toEqual(["Ada Lovelace", "", "", `${ada.id}@test.local`, "", "20", ""]);
    expect(csv.filename).toMatch(new RegExp(`^${courseId}-gradebook-canvas-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  });
});
