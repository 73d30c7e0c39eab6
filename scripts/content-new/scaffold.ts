import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import { ContentError } from "../../content/kit/content-error";
import { slugSchema, positionedFolderPattern } from "../../content/kit/course-schema";
import { findExerciseFolders, type ExerciseFolder } from "../../content/kit/exercise-folders";
import { exerciseIdSchema } from "../../contract/exercise";
import { generateRegistries } from "../generate";
import { exerciseFiles, lessonMdx } from "./templates";

// What `npm run content:new` does, as functions of a repository root so that tests can run them in a copy.

/** A mistake in the author's request: printed as it is, exit status 2. */
export class ScaffoldError extends Error {}

export interface NewLesson {
  /** "<course>/<NN.module-slug>/<NN.lesson-slug>", relative to content/. */
  lessonPath: string;
  title: string;
  summary: string;
  /** Needed only when the module folder does not exist yet. */
  moduleTitle?: string;
}

/** Writes a new lesson.mdx (and module.json for a new module); refuses to overwrite anything. Returns the files. */
export async function scaffoldLesson(repoRoot: string, request: NewLesson): Promise<string[]> {
  const [course, moduleFolder, lessonFolder, ...rest] = request.lessonPath.split("/");
  if (!course || !moduleFolder || !lessonFolder || rest.length > 0)
    throw new ScaffoldError(`lesson path must be <course>/<NN.module>/<NN.lesson>, got "${request.lessonPath}"`);
  if (!slugSchema.safeParse(course).success) throw new ScaffoldError(`course "${course}" is not a kebab-case id`);
  for (const folder of [moduleFolder, lessonFolder])
    if (!positionedFolderPattern.test(folder))
      throw new ScaffoldError(`"${folder}" must be NN.kebab-slug (two digits, a dot, a slug), e.g. 03.kmap-local`);
  const courseDir = path.join(repoRoot, "content", course);
  if (!existsSync(path.join(courseDir, "course.json")))
    throw new ScaffoldError(`no course "${course}" (content/${course}/course.json does not exist)`);

  const written: string[] = [];
  const moduleDir = path.join(courseDir, moduleFolder);
  if (!existsSync(path.join(moduleDir, "module.json"))) {
    if (!request.moduleTitle)
      throw new ScaffoldError(`module ${moduleFolder} is new: give it a title with --module-title`);
    await mkdir(moduleDir, { recursive: true });
    const moduleJson = { title: request.moduleTitle, summary: `What ${request.moduleTitle} teaches, in one sentence.` };
    written.push(await writeNew(path.join(moduleDir, "module.json"), `${JSON.stringify(moduleJson, null, 2)}\n`));
  }
  const lessonDir = path.join(moduleDir, lessonFolder);
  await mkdir(lessonDir, { recursive: true });
  written.push(await writeNew(path.join(lessonDir, "lesson.mdx"), lessonMdx(request)));
  return written;
}

export interface NewExercise {
  /** The lesson the exercise sits beside, "<course>/<NN.module>/<NN.lesson>". */
  lessonPath: string;
  id: string;
  title: string;
}

/**
 * Writes a complete, passing exercise folder beside the lesson, and nothing else: the registries are generated from
 * the folders on disk (scripts/generate.ts), and regenerated here so the new exercise is known at once.
 */
export async function scaffoldExercise(repoRoot: string, request: NewExercise): Promise<string[]> {
  if (!exerciseIdSchema.safeParse(request.id).success)
    throw new ScaffoldError(`exercise id "${request.id}" must be kebab-case: lowercase letters, digits, dashes`);
  const lessonDir = path.join(repoRoot, "content", request.lessonPath);
  if (!existsSync(path.join(lessonDir, "lesson.mdx")))
    throw new ScaffoldError(`no lesson at content/${request.lessonPath} (create it first: content:new lesson ...)`);
  const taken = existingExercises(repoRoot).find((exercise) => exercise.id === request.id);
  if (taken) throw new ScaffoldError(`exercise id "${request.id}" is already taken by ${taken.folder}`);

  const dir = path.join(lessonDir, "exercises", request.id);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(exerciseFiles(request)))
    written.push(await writeNew(path.join(dir, name), text));
  generateRegistries(repoRoot);
  return written;
}

// The exercises already on disk; a broken one must be fixed first (its message names the folder and the part).
function existingExercises(repoRoot: string): ExerciseFolder[] {
  try {
    return findExerciseFolders(repoRoot);
  } catch (error) {
    if (error instanceof ContentError) throw new ScaffoldError(`fix the content tree first: ${error.message}`);
    throw error;
  }
}

/** Writes a file that must not exist yet, formatted the way the repository's Prettier config says. */
async function writeNew(file: string, text: string): Promise<string> {
  if (existsSync(file)) throw new ScaffoldError(`${file} already exists; content:new never overwrites`);
  const options = (await resolveConfig(file)) ?? {};
  await writeFile(file, await format(text, { ...options, filepath: file }));
  return file;
}
