import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pdeIndexCheck, rightsCheck } from "../../test/fixtures/knowledge-checks";
import { ContentError, loadCourses } from "./course-loader";

// Each test writes a small tree into a fresh temp folder, breaks one thing, and expects a loud, path-naming error.

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const settings = (id: string) => JSON.stringify({ id, title: `Exercise ${id}`, points: 10, entry: "solve" });

/** A valid tree: one course, two modules (out of readdir order on purpose), lessons, one exercise. */
function goodTree(): Record<string, string> {
  const exercise = "c/02.second/01.only/exercises/do-it";
  return {
    "README.md": "# content",
    "catalog.ts": "export {};",
    "kit/exercise.ts": "export {};",
    "c/course.json": JSON.stringify({ id: "c", title: "Course", summary: "A course." }),
    "c/10.third/module.json": JSON.stringify({ title: "Third", summary: "M3" }),
    "c/10.third/01.last/lesson.mdx": "---\ntitle: Last\nsummary: The end\n---\n# Last\n",
    "c/02.second/module.json": JSON.stringify({ title: "Second", summary: "M2" }),
    "c/02.second/01.only/lesson.mdx": '---\ntitle: "Only: one"\nsummary: Just this\n---\nBody\n',
    "c/01.first/module.json": JSON.stringify({ title: "First", summary: "M1" }),
    "c/01.first/02.b/lesson.mdx": "---\ntitle: B\nsummary: Second lesson\n---\n",
    "c/01.first/01.a/lesson.mdx": "---\ntitle: A\nsummary: First lesson\n---\n",
    [`${exercise}/settings.json`]: settings("do-it"),
    [`${exercise}/prompt.mdx`]: "Do it.",
    [`${exercise}/starter.ts`]: "export function solve() {}",
    [`${exercise}/adapter.ts`]: "export {};",
    [`${exercise}/spec.ts`]: "export {};",
    [`${exercise}/solution.ts`]: "export function solve() { return 1; }",
    [`${exercise}/hidden.ts`]: "export {};",
    [`${exercise}/exercise.test.ts`]: "// tests are allowed beside an exercise",
    [`${exercise}/spec-machines.ts`]: "export {};",
  };
}

async function writeTree(files: Record<string, string | null>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "pagewise-content-"));
  temps.push(root);
  for (const [relative, text] of Object.entries(files)) {
    const full = path.join(root, relative);
    if (text === null) {
      await mkdir(full, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text);
  }
  return root;
}

/** goodTree with some files replaced (a string), removed (undefined) or turned into empty folders (null). */
async function treeWith(changes: Record<string, string | null | undefined>): Promise<string> {
  const files: Record<string, string | null> = goodTree();
  for (const [relative, text] of Object.entries(changes)) {
    if (text === undefined) delete files[relative];
    else files[relative] = text;
  }
  return writeTree(files);
}

async function expectFailure(root: string, pathPart: string, message: RegExp): Promise<void> {
  const error: unknown = await loadCourses(root).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContentError);
  if (!(error instanceof ContentError)) return;
  expect(error.path).toBe(path.join(root, pathPart));
  expect(error.message).toMatch(message);
}

const EX = "c/02.second/01.only/exercises/do-it";

describe("loadCourses on a good tree", () => {
  it("returns courses, modules, lessons and exercises in order, with ids, paths and sources", async () => {
    const root = await writeTree(goodTree());
    const [course, ...others] = await loadCourses(root);
    expect(others).toHaveLength(0);
    expect(course?.id).toBe("c");
    expect(course?.file).toBe(path.join(root, "c/course.json"));
    expect(course?.modules.map((m) => [m.id, m.position, m.title])).toEqual([
      ["c/first", 1, "First"],
      ["c/second", 2, "Second"],
      ["c/third", 10, "Third"],
    ]);
    expect(course?.modules[0]?.lessons.map((l) => [l.id, l.position, l.title])).toEqual([
      ["c/a", 1, "A"],
      ["c/b", 2, "B"],
    ]);
    const lesson = course?.modules[1]?.lessons[0];
    expect(lesson?.title).toBe("Only: one");
    expect(lesson?.source).toContain("Body");
    expect(lesson?.contentHash).toMatch(/^[0-9a-f]{16}$/);
    const exercise = lesson?.exercises[0];
    expect(exercise?.id).toBe("do-it");
    expect(exercise?.lessonId).toBe("c/only");
    expect(exercise?.settings.limits.cpuTimeMs).toBeGreaterThan(0);
    expect(exercise?.files.hidden).toBe(path.join(root, EX, "hidden.ts"));
    expect(exercise?.starter).toBe("export function solve() {}");
    expect(exercise?.prompt).toBe("Do it.");
    expect(exercise?.helpers).toEqual([path.join(root, EX, "spec-machines.ts")]);
  });

  it("changes an exercise's and the course's hash when a hidden check changes, and not a lesson's", async () => {
    const [before] = await loadCourses(await writeTree(goodTree()));
    const [after] = await loadCourses(await treeWith({ [`${EX}/hidden.ts`]: "export const x = 1;" }));
    const exerciseOf = (c: typeof before) => c?.modules[1]?.lessons[0]?.exercises[0];
    expect(exerciseOf(after)?.contentHash).not.toBe(exerciseOf(before)?.contentHash);
    expect(after?.contentHash).not.toBe(before?.contentHash);
    expect(after?.modules[1]?.lessons[0]?.contentHash).toBe(before?.modules[1]?.lessons[0]?.contentHash);
  });

  it("versions an exercise by its helper modules", async () => {
    const [before] = await loadCourses(await writeTree(goodTree()));
    const [after] = await loadCourses(await treeWith({ [`${EX}/spec-machines.ts`]: "export const y = 2;" }));
    const exerciseOf = (c: typeof before) => c?.modules[1]?.lessons[0]?.exercises[0];
    expect(exerciseOf(after)?.contentHash).not.toBe(exerciseOf(before)?.contentHash);
  });

  it("does not version an exercise by its tests", async () => {
    const [before] = await loadCourses(await writeTree(goodTree()));
    const [after] = await loadCourses(await treeWith({ [`${EX}/exercise.test.ts`]: "// changed" }));
    const exerciseOf = (c: typeof before) => c?.modules[1]?.lessons[0]?.exercises[0];
    expect(exerciseOf(after)?.contentHash).toBe(exerciseOf(before)?.contentHash);
  });
});

describe("access windows in settings.json, module.json and course.json", () => {
  const window = (until: string, credit = 100) => ({ until, credit });
  const withAccess = (json: string, access: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ ...JSON.parse(json), access, ...extra });
  const tree = goodTree();

  it("gives each exercise its own windows, else its module's, else its course's, else none; graceDays from the course", async () => {
    const own = [window("2027-03-01T00:00:00Z")];
    const fromModule = [window("2027-02-01T00:00:00Z")];
    const fromCourse = [window("2027-01-01T00:00:00Z", 80)];
    const root = await treeWith({
      "c/course.json": withAccess(tree["c/course.json"] ?? "", fromCourse, { graceDays: 3 }),
      "c/02.second/module.json": withAccess(tree["c/02.second/module.json"] ?? "", fromModule),
    });
    const exerciseIn = async (rootDir: string) => (await loadCourses(rootDir))[0]?.modules[1]?.lessons[0]?.exercises[0];
    expect((await exerciseIn(root))?.access).toEqual(fromModule);
    const [course] = await loadCourses(root);
    expect(course?.graceDays).toBe(3);
    const ownRoot = await treeWith({
      "c/course.json": withAccess(tree["c/course.json"] ?? "", fromCourse),
      "c/02.second/module.json": withAccess(tree["c/02.second/module.json"] ?? "", fromModule),
      [`${EX}/settings.json`]: withAccess(settings("do-it"), own),
    });
    expect((await exerciseIn(ownRoot))?.access).toEqual(own);
    expect((await exerciseIn(await treeWith({ "c/course.json": withAccess(tree["c/course.json"] ?? "", fromCourse) })))?.access).toEqual(fromCourse);
    const [plain] = await loadCourses(await writeTree(goodTree()));
    expect(plain?.modules[1]?.lessons[0]?.exercises[0]?.access).toBeNull();
    expect(plain?.graceDays).toBe(0);
  });

  it("does not make a new deadline a new version of the exercise", async () => {
    const [before] = await loadCourses(await writeTree(goodTree()));
    const [after] = await loadCourses(await treeWith({ [`${EX}/settings.json`]: withAccess(settings("do-it"), [window("2027-03-01T00:00:00Z", 50)]) }));
    const exerciseOf = (c: typeof before) => c?.modules[1]?.lessons[0]?.exercises[0];
    expect(exerciseOf(after)?.contentHash).toBe(exerciseOf(before)?.contentHash);
  });

  it("refuses windows out of order, times without a zone and credits out of range, naming the file and the field", async () => {
    await expectFailure(
      await treeWith({ [`${EX}/settings.json`]: withAccess(settings("do-it"), [window("2027-03-01T00:00:00Z"), window("2027-02-01T00:00:00Z")]) }),
      `${EX}/settings.json`,
      /access\.1\.until: windows must be in order/,
    );
    await expectFailure(
      await treeWith({ "c/02.second/module.json": withAccess(tree["c/02.second/module.json"] ?? "", [window("2027-03-01T00:00:00")]) }),
      "c/02.second/module.json",
      /access\.0\.until: a time must be ISO-8601 with a zone/,
    );
    await expectFailure(
      await treeWith({ "c/course.json": withAccess(tree["c/course.json"] ?? "", [window("2027-03-01T00:00:00Z", 150)]) }),
      "c/course.json",
      /access\.0\.credit: credit is at most 100/,
    );
  });
});

describe("loadCourses on a broken tree fails loudly, naming the path", () => {
  it("a misnamed module folder", async () => {
    await expectFailure(await treeWith({ "c/3.oops/module.json": "{}" }), "c/3.oops", /NN\.module-slug/);
  });

  it("a misnamed exercise folder", async () => {
    const root = await treeWith({ "c/01.first/01.a/exercises/Bad_Name/settings.json": settings("bad-name") });
    await expectFailure(root, "c/01.first/01.a/exercises/Bad_Name", /kebab-case/);
  });

  it("an exercise whose settings id differs from its folder", async () => {
    await expectFailure(
      await treeWith({ [`${EX}/settings.json`]: settings("other") }),
      `${EX}/settings.json`,
      /folder name/,
    );
  });

  it("a missing kit file", async () => {
    await expectFailure(await treeWith({ [`${EX}/hidden.ts`]: undefined }), `${EX}/hidden.ts`, /missing file/);
  });

  it("a missing lesson.mdx, module.json or course.json", async () => {
    await expectFailure(
      await treeWith({ "c/01.first/02.b/lesson.mdx": undefined, "c/01.first/02.b": null }),
      "c/01.first/02.b/lesson.mdx",
      /missing file/,
    );
    await expectFailure(
      await treeWith({ "c/01.first/module.json": undefined }),
      "c/01.first/module.json",
      /missing file/,
    );
    await expectFailure(await treeWith({ "c/course.json": undefined }), "c/course.json", /missing file/);
  });

  it("an unknown extra file in an exercise, a lesson, a module, a course and the root", async () => {
    await expectFailure(await treeWith({ [`${EX}/notes.txt`]: "x" }), `${EX}/notes.txt`, /unknown entry/);
    await expectFailure(
      await treeWith({ [`${EX}/helpers.ts`]: "x" }),
      `${EX}/helpers.ts`,
      /spec-\*\.ts and hidden-\*\.ts/,
    );
    await expectFailure(
      await treeWith({ "c/01.first/01.a/image.png": "x" }),
      "c/01.first/01.a/image.png",
      /unknown entry/,
    );
    await expectFailure(await treeWith({ "c/01.first/draft.mdx": "x" }), "c/01.first/draft.mdx", /unknown entry/);
    await expectFailure(await treeWith({ "c/notes.md": "x" }), "c/notes.md", /unknown entry/);
    await expectFailure(await treeWith({ "stray.mdx": "x" }), "stray.mdx", /content root/);
  });

  it("a folder inside an exercise, and an empty exercises folder", async () => {
    await expectFailure(await treeWith({ [`${EX}/lib`]: null }), `${EX}/lib`, /unknown entry/);
    await expectFailure(await treeWith({ "c/01.first/01.a/exercises": null }), "c/01.first/01.a/exercises", /empty/);
  });

  it("duplicate lesson ids, exercise ids and positions", async () => {
    await expectFailure(
      await treeWith({ "c/10.third/02.a/lesson.mdx": "---\ntitle: A again\nsummary: x\n---\n" }),
      "c/10.third/02.a",
      /duplicate lesson id "c\/a"/,
    );
    const copy = "c/10.third/01.last/exercises/do-it";
    const files: Record<string, string> = {};
    for (const [name, text] of Object.entries(goodTree())) {
      if (name.startsWith(EX)) files[name.replace(EX, copy)] = text;
    }
    await expectFailure(await treeWith(files), copy, /duplicate exercise id "do-it"/);
    await expectFailure(
      await treeWith({ "c/01.first/01.z/lesson.mdx": "---\ntitle: Z\nsummary: z\n---\n" }),
      "c/01.first/01.z",
      /duplicate position 01/,
    );
  });

  it("a duplicate module id", async () => {
    await expectFailure(
      await treeWith({
        "c/03.first/module.json": JSON.stringify({ title: "Again", summary: "x" }),
        "c/03.first/01.zz/lesson.mdx": "---\ntitle: Z\nsummary: z\n---\n",
      }),
      "c/03.first",
      /duplicate module id "c\/first"/,
    );
  });

  it("bad JSON and JSON that breaks the schema", async () => {
    await expectFailure(await treeWith({ "c/course.json": "{ id: c }" }), "c/course.json", /bad JSON/);
    await expectFailure(
      await treeWith({ "c/course.json": JSON.stringify({ id: "other", title: "T", summary: "S" }) }),
      "c/course.json",
      /folder name/,
    );
    await expectFailure(
      await treeWith({ "c/01.first/module.json": JSON.stringify({ title: "T" }) }),
      "c/01.first/module.json",
      /summary/,
    );
    await expectFailure(
      await treeWith({
        [`${EX}/settings.json`]: JSON.stringify({ id: "do-it", title: "T", points: 0, entry: "solve" }),
      }),
      `${EX}/settings.json`,
      /points/,
    );
  });

  it("bad frontmatter", async () => {
    const lesson = "c/01.first/01.a/lesson.mdx";
    const cases: [string, RegExp][] = [
      ["# no frontmatter\n", /must start with/],
      ["---\ntitle: A\nsummary: s", /no closing/],
      ["---\ntitle: A\n---\n", /summary/],
      ["---\ntitle: A\nsummary: s\nauthor: me\n---\n", /author|unrecognized/i],
      ["---\ntitle: A\ntitle: B\nsummary: s\n---\n", /duplicate key/],
      ["---\ntitle: Paging: the walk\nsummary: s\n---\n", /double-quoted/],
      ["---\ntitle: true\nsummary: s\n---\n", /double-quoted/],
      ["---\ntitle: [A]\nsummary: s\n---\n", /double-quoted/],
      ['---\ntitle: "unterminated\nsummary: s\n---\n', /bad double-quoted/],
      ["---\n  title: A\nsummary: s\n---\n", /expected 'key: value'/],
    ];
    for (const [source, message] of cases) await expectFailure(await treeWith({ [lesson]: source }), lesson, message);
  });
});

describe("loadCourses with knowledge checks beside a lesson", () => {
  const LESSON = "c/02.second/01.only";
  const checks = (answer: string) => JSON.stringify({ checks: [{ ...pdeIndexCheck, answer }, rightsCheck] });
  const lessonOf = (course: Awaited<ReturnType<typeof loadCourses>>[number] | undefined) =>
    course?.modules[1]?.lessons[0];

  it("loads them in order with their answers, and a lesson without them has none", async () => {
    const root = await treeWith({ [`${LESSON}/knowledge-checks.json`]: checks("0x300") });
    const [course] = await loadCourses(root);
    const lesson = lessonOf(course);
    expect(lesson?.knowledgeChecksFile).toBe(path.join(root, LESSON, "knowledge-checks.json"));
    expect(lesson?.knowledgeChecks.map((check) => [check.id, check.kind, check.answer])).toEqual([
      ["pde-index", "numeric", "0x300"],
      ["rights-combine", "multiple-choice", "fault-7"],
    ]);
    expect(course?.modules[0]?.lessons[0]?.knowledgeChecks).toEqual([]);
    expect(course?.modules[0]?.lessons[0]?.knowledgeChecksFile).toBeNull();
  });

  it("makes a changed check a new version of its lesson and course, and leaves other lessons alone", async () => {
    const [without] = await loadCourses(await writeTree(goodTree()));
    const [first] = await loadCourses(await treeWith({ [`${LESSON}/knowledge-checks.json`]: checks("0x300") }));
    const [changed] = await loadCourses(await treeWith({ [`${LESSON}/knowledge-checks.json`]: checks("0x301") }));
    const [again] = await loadCourses(await treeWith({ [`${LESSON}/knowledge-checks.json`]: checks("0x300") }));
    expect(lessonOf(first)?.contentHash).not.toBe(lessonOf(without)?.contentHash);
    expect(lessonOf(changed)?.contentHash).not.toBe(lessonOf(first)?.contentHash);
    expect(changed?.contentHash).not.toBe(first?.contentHash);
    expect(lessonOf(again)?.contentHash).toBe(lessonOf(first)?.contentHash);
    expect(first?.modules[0]?.lessons[0]?.contentHash).toBe(without?.modules[0]?.lessons[0]?.contentHash);
  });

  it("fails loudly on a broken file, naming its path and the field", async () => {
    const file = `${LESSON}/knowledge-checks.json`;
    await expectFailure(await treeWith({ [file]: "{ checks: [] " }), file, /bad JSON/);
    await expectFailure(await treeWith({ [file]: checks("c0101234") }), file, /checks\.0\.answer: must be an integer/);
    const wrongOption = JSON.stringify({ checks: [pdeIndexCheck, { ...rightsCheck, answer: "xor" }] });
    await expectFailure(
      await treeWith({ [file]: wrongOption }),
      file,
      /checks\.1\.answer: "xor" is not one of the option ids/,
    );
    await expectFailure(await treeWith({ [file]: JSON.stringify({ checks: [], extra: 1 }) }), file, /checks|extra/);
    await expectFailure(
      await treeWith({ [`${LESSON}/knowledge-check.json`]: checks("0x300") }),
      `${LESSON}/knowledge-check.json`,
      /unknown entry .*knowledge-checks\.json/,
    );
  });
});
