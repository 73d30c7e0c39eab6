import { z } from "zod";
import { accessWindowsSchema, graceDaysSchema, type AccessWindows } from "../../contract/access";
import type { ExerciseSettings } from "../../contract/exercise";
import type { KnowledgeCheck } from "./knowledge-check-schema";

/**
 * What a course tree must look like on disk, and what the loader returns (see content/README.md).
 *
 *   content/<course-id>/course.json
 *   content/<course-id>/<NN.module-slug>/module.json
 *   content/<course-id>/<NN.module-slug>/<NN.lesson-slug>/lesson.mdx
 *   content/<course-id>/<NN.module-slug>/<NN.lesson-slug>/knowledge-checks.json   (optional)
 *   content/<course-id>/<NN.module-slug>/<NN.lesson-slug>/exercises/<exercise-id>/{the kit's files}
 *
 * Pure (no node:fs) so that tools and tests can validate pieces without touching the disk.
 */

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slugSchema = z.string().regex(slugPattern, "slugs are kebab-case: lowercase letters, digits, dashes");

/** `NN.slug`: the two digits give the position among siblings, the slug gives the id. */
export const positionedFolderPattern = /^(\d{2})\.([a-z0-9]+(?:-[a-z0-9]+)*)$/;

// Courses, modules and lessons are each described the same way: a title and a one-paragraph summary.
const titleAndSummary = {
  title: z.string().min(1).max(120),
  summary: z.string().min(1).max(400),
};

export const courseJsonSchema = z
  .object({
    /** Must equal the course's folder name. */
    id: slugSchema,
    ...titleAndSummary,
    /** The default access windows of every exercise in the course (a module's or an exercise's own win). */
    access: accessWindowsSchema.optional(),
    /** Each learner's budget of automatic late days (content/kit/access.ts); absent: none. */
    graceDays: graceDaysSchema.optional(),
  })
  .strict();
export type CourseJson = z.infer<typeof courseJsonSchema>;

export const moduleJsonSchema = z
  .object({
    ...titleAndSummary,
    /** The default access windows of the module's exercises (an exercise's own win). */
    access: accessWindowsSchema.optional(),
  })
  .strict();
export type ModuleJson = z.infer<typeof moduleJsonSchema>;

export const lessonFrontmatterSchema = z.object(titleAndSummary).strict();
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;

/** The files of an exercise folder, by role (content/kit/exercise.ts explains each). */
export const exerciseFileNames = {
  settings: "settings.json",
  prompt: "prompt.mdx",
  starter: "starter.ts",
  adapter: "adapter.ts",
  spec: "spec.ts",
  solution: "solution.ts",
  hidden: "hidden.ts",
} as const;
export type ExerciseFileRole = keyof typeof exerciseFileNames;

/**
 * Helper modules an exercise may split its checks into. The prefix says who may see them, like the file it helps:
 * `spec-<name>.ts` is public (the browser gets it with spec.ts), `hidden-<name>.ts` is server only.
 */
export function isHelperFileName(name: string): boolean {
  return /^(?:spec|hidden)-[a-z0-9]+(?:-[a-z0-9]+)*\.ts$/.test(name) && !isTestFileName(name);
}

/** Tests may sit beside an exercise's files; they are not part of it (nor of its version). */
export function isTestFileName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]*\.test\.tsx?$/.test(name);
}

export interface LoadedExercise {
  /** From settings.json; equal to the folder name. */
  id: string;
  lessonId: string;
  title: string;
  /** 1-based, among the lesson's exercises (ordered by id). */
  position: number;
  settings: ExerciseSettings;
  dir: string;
  /** Absolute path of each kit file. */
  files: Record<ExerciseFileRole, string>;
  /** Absolute paths of its spec-*.ts and hidden-*.ts helper modules, by name. */
  helpers: string[];
  /**
   * Its access windows: settings.json's own, else its module's, else its course's; null when none says (always
   * open at 100%).
   */
  access: AccessWindows | null;
  prompt: string;
  starter: string;
  /**
   * sha256 (hex, 16 chars) of every file of the folder but tests (helpers too): a changed hidden check is a new
   * version. settings.json counts without its `access` key: a new deadline is not a new version of the exercise.
   */
  contentHash: string;
}

export interface LoadedLesson {
  /** `<course-id>/<lesson-slug>`. */
  id: string;
  slug: string;
  moduleId: string;
  title: string;
  summary: string;
  /** From the folder's NN prefix. */
  position: number;
  dir: string;
  /** Absolute path of lesson.mdx. */
  file: string;
  /** The whole lesson.mdx, frontmatter included (mdx-bundler reads it again). */
  source: string;
  /** sha256 (hex, 16 chars) of lesson.mdx and, when there is one, knowledge-checks.json. */
  contentHash: string;
  /** Absolute path of knowledge-checks.json, or null when the lesson has none. */
  knowledgeChecksFile: string | null;
  /** Its checks in order, answers included: server only (the browser gets toPublicKnowledgeCheck's view). */
  knowledgeChecks: KnowledgeCheck[];
  exercises: LoadedExercise[];
}

export interface LoadedModule {
  /** `<course-id>/<module-slug>`. */
  id: string;
  slug: string;
  courseId: string;
  title: string;
  summary: string;
  position: number;
  dir: string;
  /** Absolute path of module.json. */
  file: string;
  lessons: LoadedLesson[];
}

export interface LoadedCourse {
  id: string;
  title: string;
  summary: string;
  dir: string;
  /** Absolute path of course.json. */
  file: string;
  /** sha256 (hex, 16 chars) of every content file of the course, by relative path. */
  contentHash: string;
  /** Each learner's budget of automatic late days (course.json graceDays), 0 when it says none. */
  graceDays: number;
  modules: LoadedModule[];
}

// A bare value is accepted only when YAML would read it as the same plain string, because mdx-bundler parses
// the same block again with gray-matter: no leading indicator character, no ": " or " #", no trailing spaces.
const safeBareValue = /^(?![-?:,[\]{}#&*!|>'"%@`\s])(?!.*:\s)(?!.*\s#)(?!.*:$).*\S$/;
// ...and not a word or number YAML would turn into a boolean, null or number.
const yamlScalarLookalike = /^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\.?[0-9][0-9_.eE+-]*|\.inf|\.nan))$/i;

/**
 * Parses the `---` block at the top of an MDX file: `key: value` lines, strings only. A value is bare text or a
 * JSON double-quoted string (needed when it contains ": " or starts with a quote or other YAML indicator).
 * Returns the fields and the body after the block; throws with a line number for anything else.
 */
export function parseFrontmatter(source: string): { data: Record<string, string>; body: string } {
  const lines = source.split("\n");
  if (lines[0]?.replace(/\r$/, "") !== "---") throw new Error("frontmatter: the file must start with a '---' line");
  const data: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    if (line === "---") return { data, body: lines.slice(i + 1).join("\n") };
    const match = /^([A-Za-z][A-Za-z0-9_-]*): (.*)$/.exec(line);
    if (!match) throw new Error(`frontmatter line ${i + 1}: expected 'key: value', got ${JSON.stringify(line)}`);
    const key = match[1] ?? "";
    const raw = match[2] ?? "";
    if (Object.hasOwn(data, key)) throw new Error(`frontmatter line ${i + 1}: duplicate key '${key}'`);
    data[key] = parseFrontmatterValue(raw, i + 1);
  }
  throw new Error("frontmatter: no closing '---' line");
}

function parseFrontmatterValue(raw: string, lineNumber: number): string {
  if (raw.startsWith('"')) {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`frontmatter line ${lineNumber}: bad double-quoted string ${raw}`);
    }
    if (typeof value !== "string") throw new Error(`frontmatter line ${lineNumber}: expected a string`);
    return value;
  }
  if (!safeBareValue.test(raw) || yamlScalarLookalike.test(raw)) {
    throw new Error(
      `frontmatter line ${lineNumber}: ${JSON.stringify(raw)} must be written as a "double-quoted" string ` +
        `(it is empty, or YAML would not read it as plain text)`,
    );
  }
  return raw;
}
