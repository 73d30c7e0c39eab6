import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import { slugSchema, positionedFolderPattern } from "../../content/kit/course-schema";
import { exerciseIdSchema } from "../../contract/exercise";
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

/** Writes a complete, passing exercise folder and registers it in content/catalog.ts and grader/exercise-secrets.ts. */
export async function scaffoldExercise(repoRoot: string, request: NewExercise): Promise<string[]> {
  if (!exerciseIdSchema.safeParse(request.id).success)
    throw new ScaffoldError(`exercise id "${request.id}" must be kebab-case: lowercase letters, digits, dashes`);
  const lessonDir = path.join(repoRoot, "content", request.lessonPath);
  if (!existsSync(path.join(lessonDir, "lesson.mdx")))
    throw new ScaffoldError(`no lesson at content/${request.lessonPath} (create it first: content:new lesson ...)`);
  const catalogFile = path.join(repoRoot, "content/catalog.ts");
  const secretsFile = path.join(repoRoot, "grader/exercise-secrets.ts");
  const catalog = await readFile(catalogFile, "utf8");
  if (catalog.includes(`"${request.id}": {`))
    throw new ScaffoldError(`exercise id "${request.id}" is already in content/catalog.ts`);

  const folder = path.posix.join("content", request.lessonPath, "exercises", request.id);
  const dir = path.join(repoRoot, folder);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(exerciseFiles(request)))
    written.push(await writeNew(path.join(dir, name), text));

  const name = camelCase(request.id);
  const fromContent = `./${path.posix.relative("content", folder)}`;
  await writeFile(
    catalogFile,
    register(
      catalog,
      [
        `import { adapter as ${name}Adapter } from "${fromContent}/adapter";`,
        `import { spec as ${name}Spec } from "${fromContent}/spec";`,
      ],
      `  "${request.id}": {\n    spec: ${name}Spec,\n    adapter: ${name}Adapter,\n    folder: "${folder}",\n  },\n`,
    ),
  );
  const secrets = await readFile(secretsFile, "utf8");
  await writeFile(
    secretsFile,
    register(
      secrets,
      [
        `import { hiddenChecks as ${name}Hidden } from "../${folder}/hidden";`,
        `import * as ${name}Solution from "../${folder}/solution";`,
      ],
      `  "${request.id}": { solution: { ...${name}Solution }, hiddenChecks: ${name}Hidden },\n`,
    ),
  );
  written.push(catalogFile, secretsFile);
  return written;
}

/** Adds import lines after the last import and an entry before the closing `};` of the file's last object. */
export function register(source: string, imports: string[], entry: string): string {
  const lines = source.split("\n");
  const lastImport = lines.findLastIndex((line) => line.startsWith("import "));
  if (lastImport < 0) throw new ScaffoldError("registration file has no imports to add to");
  lines.splice(lastImport + 1, 0, ...imports);
  const text = lines.join("\n");
  const close = text.lastIndexOf("\n};");
  if (close < 0) throw new ScaffoldError("registration file has no object literal ending in `};`");
  return `${text.slice(0, close + 1)}${entry}${text.slice(close + 1)}`;
}

/** "kmap-local" -> "kmapLocal", "walk-64" -> "walk64". */
export function camelCase(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Writes a file that must not exist yet, formatted the way the repository's Prettier config says. */
async function writeNew(file: string, text: string): Promise<string> {
  if (existsSync(file)) throw new ScaffoldError(`${file} already exists; content:new never overwrites`);
  const options = (await resolveConfig(file)) ?? {};
  await writeFile(file, await format(text, { ...options, filepath: file }));
  return file;
}
