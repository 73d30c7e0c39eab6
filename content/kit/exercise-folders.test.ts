import { mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findExerciseFolders } from "./exercise-folders";

// The generator's discovery on scratch trees: the id is the folder name, and a folder with a missing or extra part
// fails with a message that names the folder and the part.
let root: string;
const lesson = "content/course-a/01.basics/01.pages";
const exerciseDir = (id: string, lessonPath = lesson) => path.join(root, lessonPath, "exercises", id);

async function writeExercise(id: string, lessonPath = lesson, settingsId = id): Promise<string> {
  const dir = exerciseDir(id, lessonPath);
  await mkdir(dir, { recursive: true });
  for (const name of ["prompt.mdx", "starter.ts", "adapter.ts", "spec.ts", "solution.ts", "hidden.ts"])
    await writeFile(path.join(dir, name), "");
  await writeFile(path.join(dir, "settings.json"), JSON.stringify({ id: settingsId }));
  return dir;
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "pagewise-exercise-folders-"));
  await mkdir(path.join(root, "content/kit"), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("findExerciseFolders", () => {
  it("finds every exercise folder in course order, with helpers and tests beside the kit files", async () => {
    await writeExercise("walk", "content/course-a/02.later/01.more");
    await writeExercise("page-of", lesson);
    await writeExercise("add", lesson);
    await writeFile(path.join(exerciseDir("add"), "spec-input.ts"), "");
    await writeFile(path.join(exerciseDir("add"), "exercise.test.ts"), "");
    await writeExercise("other", "content/course-b/01.x/01.y");
    expect(findExerciseFolders(root)).toEqual([
      { id: "add", folder: "content/course-a/01.basics/01.pages/exercises/add" },
      { id: "page-of", folder: "content/course-a/01.basics/01.pages/exercises/page-of" },
      { id: "walk", folder: "content/course-a/02.later/01.more/exercises/walk" },
      { id: "other", folder: "content/course-b/01.x/01.y/exercises/other" },
    ]);
  });

  it("names the folder and the missing part", async () => {
    const dir = await writeExercise("add");
    await unlink(path.join(dir, "hidden.ts"));
    expect(() => findExerciseFolders(root)).toThrow(`${path.join(dir, "hidden.ts")}: missing file`);
  });

  it("names the folder and the extra part", async () => {
    const dir = await writeExercise("add");
    await writeFile(path.join(dir, "notes.txt"), "");
    expect(() => findExerciseFolders(root)).toThrow(`${path.join(dir, "notes.txt")}: unknown entry`);
  });

  it("refuses a settings.json whose id is not the folder name, and the same id twice", async () => {
    await writeExercise("add", lesson, "addition");
    expect(() => findExerciseFolders(root)).toThrow(/settings\.json: id "addition" must equal the folder name "add"/);
    await rm(path.join(root, "content"), { recursive: true });
    await mkdir(path.join(root, "content/kit"), { recursive: true });
    await writeExercise("add", lesson);
    await writeExercise("add", "content/course-a/02.later/01.more");
    expect(() => findExerciseFolders(root)).toThrow(/duplicate exercise id "add"/);
  });

  it("refuses a file where an exercise folder should be, and a folder name that is not an id", async () => {
    await mkdir(path.join(root, lesson, "exercises"), { recursive: true });
    await writeFile(path.join(root, lesson, "exercises", "stray.ts"), "");
    expect(() => findExerciseFolders(root)).toThrow(/stray\.ts: unknown entry/);
    await rm(path.join(root, lesson, "exercises", "stray.ts"));
    await writeExercise("Bad_Name");
    expect(() => findExerciseFolders(root)).toThrow(/Bad_Name: an exercise folder name must be its kebab-case id/);
  });
});
