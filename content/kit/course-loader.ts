import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import {
  courseJsonSchema,
  exerciseFileNames,
  isHelperFileName,
  lessonFrontmatterSchema,
  moduleJsonSchema,
  parseFrontmatter,
  positionedFolderPattern,
  slugSchema,
  type ExerciseFileRole,
  type LoadedCourse,
  type LoadedExercise,
  type LoadedLesson,
  type LoadedModule,
} from "./course-schema";
import { exerciseIdSchema, exerciseSettingsSchema } from "../../contract/exercise";
import type { AccessWindows } from "../../contract/access";
import { ContentError } from "./content-error";
import { versionedBytes } from "./exercise-version";
import { requireExerciseParts } from "./exercise-parts";
import { KNOWLEDGE_CHECKS_FILE, knowledgeChecksFileSchema, type KnowledgeCheck } from "./knowledge-check-schema";

export { ContentError };

// Folders and files of the content root that are code, not courses.
const ROOT_CODE_FOLDERS = new Set(["kit"]);
const isRootCodeFile = (name: string) => name === "README.md" || /\.tsx?$/.test(name);

/** One file that went into a course, for the course's content hash. */
interface HashedFile {
  relativePath: string;
  bytes: Buffer;
}

/**
 * Loads every course under `contentRoot`, in order: courses by id, modules and lessons by their NN prefix,
 * exercises by id. Anything unexpected (a misnamed folder, a missing or unknown file, bad JSON or frontmatter,
 * a duplicate id or position) throws a ContentError naming the path; nothing is skipped silently.
 */
export async function loadCourses(contentRoot: string): Promise<LoadedCourse[]> {
  const root = path.resolve(contentRoot);
  const courses: LoadedCourse[] = [];
  const exerciseIds = new Map<string, string>();
  for (const entry of await listDir(root)) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory() && ROOT_CODE_FOLDERS.has(entry.name)) continue;
    if (entry.isFile() && isRootCodeFile(entry.name)) continue;
    if (!entry.isDirectory()) throw new ContentError(full, "unexpected file in the content root (courses are folders)");
    courses.push(await loadCourse(full, exerciseIds));
  }
  return courses;
}

async function loadCourse(dir: string, exerciseIds: Map<string, string>): Promise<LoadedCourse> {
  const folder = path.basename(dir);
  if (!slugSchema.safeParse(folder).success)
    throw new ContentError(dir, "a course folder name must be a kebab-case id");
  const entries = await listDir(dir);
  const file = path.join(dir, "course.json");
  requireEntry(dir, entries, "course.json");
  const json = await readJson(file, courseJsonSchema);
  if (json.id !== folder) throw new ContentError(file, `id "${json.id}" must equal the folder name "${folder}"`);

  const hashed: HashedFile[] = [];
  const record = (absolute: string, bytes: Buffer) =>
    hashed.push({ relativePath: path.relative(dir, absolute), bytes });
  record(file, await readFile(file));

  const modules: LoadedModule[] = [];
  const lessonIds = new Set<string>();
  for (const child of positionedChildren(dir, entries, ["course.json"], "module")) {
    const loaded = await loadModule(child.path, folder, child.position, child.slug, record, json.access ?? null);
    if (modules.some((m) => m.id === loaded.id))
      throw new ContentError(child.path, `duplicate module id "${loaded.id}"`);
    for (const lesson of loaded.lessons) {
      if (lessonIds.has(lesson.id)) throw new ContentError(lesson.dir, `duplicate lesson id "${lesson.id}"`);
      lessonIds.add(lesson.id);
      for (const exercise of lesson.exercises) {
        const other = exerciseIds.get(exercise.id);
        if (other) throw new ContentError(exercise.dir, `duplicate exercise id "${exercise.id}" (also at ${other})`);
        exerciseIds.set(exercise.id, exercise.dir);
      }
    }
    modules.push(loaded);
  }
  if (modules.length === 0) throw new ContentError(dir, "a course needs at least one NN.module-slug folder");
  hashed.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  const contentHash = hashFiles(hashed.map((h) => [h.relativePath, h.bytes]));
  return { id: json.id, title: json.title, summary: json.summary, dir, file, contentHash, graceDays: json.graceDays ?? 0, modules };
}

/** Adds a file to the course's content hash. */
type RecordFile = (absolute: string, bytes: Buffer) => void;

async function loadModule(
  dir: string,
  courseId: string,
  position: number,
  slug: string,
  record: RecordFile,
  courseAccess: AccessWindows | null,
): Promise<LoadedModule> {
  const entries = await listDir(dir);
  const file = path.join(dir, "module.json");
  requireEntry(dir, entries, "module.json");
  const json = await readJson(file, moduleJsonSchema);
  record(file, await readFile(file));
  const id = `${courseId}/${slug}`;
  const lessons: LoadedLesson[] = [];
  for (const child of positionedChildren(dir, entries, ["module.json"], "lesson")) {
    lessons.push(await loadLesson(child.path, courseId, id, child.position, child.slug, record, json.access ?? courseAccess));
  }
  if (lessons.length === 0) throw new ContentError(dir, "a module needs at least one NN.lesson-slug folder");
  return { id, slug, courseId, title: json.title, summary: json.summary, position, dir, file, lessons };
}

async function loadLesson(
  dir: string,
  courseId: string,
  moduleId: string,
  position: number,
  slug: string,
  record: RecordFile,
  moduleAccess: AccessWindows | null,
): Promise<LoadedLesson> {
  const entries = await listDir(dir);
  for (const entry of entries) {
    const known =
      (entry.isFile() && (entry.name === "lesson.mdx" || entry.name === KNOWLEDGE_CHECKS_FILE)) ||
      (entry.isDirectory() && entry.name === "exercises");
    if (!known)
      throw new ContentError(
        path.join(dir, entry.name),
        `unknown entry (a lesson folder holds lesson.mdx, ${KNOWLEDGE_CHECKS_FILE} and exercises/)`,
      );
  }
  const file = path.join(dir, "lesson.mdx");
  requireEntry(dir, entries, "lesson.mdx");
  const bytes = await readFile(file);
  record(file, bytes);
  const source = bytes.toString("utf8");
  let frontmatter: Record<string, string>;
  try {
    frontmatter = parseFrontmatter(source).data;
  } catch (error) {
    throw new ContentError(file, errorMessage(error));
  }
  const meta = parseWith(file, lessonFrontmatterSchema, frontmatter, "frontmatter");
  const id = `${courseId}/${slug}`;
  const hashInput: [string, Buffer][] = [["lesson.mdx", bytes]];
  let knowledgeChecksFile: string | null = null;
  let knowledgeChecks: KnowledgeCheck[] = [];
  if (entries.some((e) => e.isFile() && e.name === KNOWLEDGE_CHECKS_FILE)) {
    knowledgeChecksFile = path.join(dir, KNOWLEDGE_CHECKS_FILE);
    const checkBytes = await readFile(/* turbopackIgnore: true */ knowledgeChecksFile);
    record(knowledgeChecksFile, checkBytes);
    // A changed question or answer is a new version of the lesson (a lesson without checks keeps its old hash).
    hashInput.push([KNOWLEDGE_CHECKS_FILE, checkBytes]);
    knowledgeChecks = (await readJson(knowledgeChecksFile, knowledgeChecksFileSchema)).checks;
  }
  const exercises: LoadedExercise[] = [];
  if (entries.some((e) => e.name === "exercises")) {
    const exercisesDir = path.join(dir, "exercises");
    const children = await listDir(exercisesDir);
    if (children.length === 0) throw new ContentError(exercisesDir, "empty exercises/ folder");
    for (const child of children) {
      const childPath = path.join(exercisesDir, child.name);
      if (!child.isDirectory())
        throw new ContentError(childPath, "unknown entry (exercises/ holds one folder per exercise)");
      exercises.push(await loadExercise(childPath, id, exercises.length + 1, record, moduleAccess));
    }
  }
  return {
    id,
    slug,
    moduleId,
    title: meta.title,
    summary: meta.summary,
    position,
    dir,
    file,
    source,
    contentHash: hashFiles(hashInput),
    knowledgeChecksFile,
    knowledgeChecks,
    exercises,
  };
}

async function loadExercise(
  dir: string,
  lessonId: string,
  position: number,
  record: RecordFile,
  inheritedAccess: AccessWindows | null,
): Promise<LoadedExercise> {
  const folder = path.basename(dir);
  if (!exerciseIdSchema.safeParse(folder).success)
    throw new ContentError(dir, "an exercise folder name must be its kebab-case id");
  const entries = await listDir(dir);
  requireExerciseParts(dir, entries);
  const files = {} as Record<ExerciseFileRole, string>;
  const contents = new Map<string, Buffer>();
  for (const [role, name] of Object.entries(exerciseFileNames) as [ExerciseFileRole, string][]) {
    files[role] = path.join(dir, name);
    const bytes = await readFile(files[role]);
    contents.set(name, bytes);
    record(files[role], bytes);
  }
  const helpers: string[] = [];
  for (const entry of entries.filter((e) => isHelperFileName(e.name))) {
    const file = path.join(dir, entry.name);
    const bytes = await readFile(file);
    contents.set(entry.name, bytes);
    record(file, bytes);
    helpers.push(file);
  }
  const settings = await readJson(files.settings, exerciseSettingsSchema);
  if (settings.id !== folder) {
    throw new ContentError(files.settings, `id "${settings.id}" must equal the folder name "${folder}"`);
  }
  const hashInput = [...contents.entries()]
    .map(([name, bytes]): [string, Buffer] => [name, versionedBytes(name, bytes)])
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    id: settings.id,
    lessonId,
    title: settings.title,
    position,
    settings,
    dir,
    files,
    helpers,
    access: settings.access ?? inheritedAccess,
    prompt: (contents.get(exerciseFileNames.prompt) ?? Buffer.alloc(0)).toString("utf8"),
    starter: (contents.get(exerciseFileNames.starter) ?? Buffer.alloc(0)).toString("utf8"),
    contentHash: hashFiles(hashInput),
  };
}

interface PositionedChild {
  path: string;
  position: number;
  slug: string;
}

/** The NN.slug folders of `dir` in position order; every other entry must be one of `allowedFiles`. */
function positionedChildren(dir: string, entries: Dirent[], allowedFiles: string[], kind: string): PositionedChild[] {
  const children: PositionedChild[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && allowedFiles.includes(entry.name)) continue;
    const match = positionedFolderPattern.exec(entry.name);
    if (!entry.isDirectory() || !match) {
      throw new ContentError(full, `unknown entry (expected ${allowedFiles.join(", ")} and NN.${kind}-slug folders)`);
    }
    const position = Number(match[1]);
    const clash = children.find((c) => c.position === position);
    if (clash) throw new ContentError(full, `duplicate position ${match[1]} (also ${clash.path})`);
    children.push({ path: full, position, slug: match[2] ?? "" });
  }
  return children.sort((a, b) => a.position - b.position);
}

async function listDir(dir: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw new ContentError(dir, `cannot read folder: ${errorMessage(error)}`);
  }
}

function requireEntry(dir: string, entries: Dirent[], name: string): void {
  if (!entries.some((e) => e.isFile() && e.name === name)) throw new ContentError(path.join(dir, name), "missing file");
}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const text = await readFile(file, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ContentError(file, `bad JSON: ${errorMessage(error)}`);
  }
  return parseWith(file, schema, value, "content");
}

function parseWith<T>(file: string, schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new ContentError(file, `bad ${what}: ${problems}`);
  }
  return result.data;
}

/** sha256 over (name, length, bytes) triples, so that moving bytes between files changes the hash; hex, 16 chars. */
function hashFiles(files: [string, Buffer][]): string {
  const hash = createHash("sha256");
  for (const [name, bytes] of files) {
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest("hex").slice(0, 16);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
