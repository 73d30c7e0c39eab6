import { readdirSync, readFileSync, type Dirent } from "node:fs";
import path from "node:path";
import { exerciseIdSchema } from "../../contract/exercise";
import { ContentError } from "./content-error";
import { exerciseFileNames, positionedFolderPattern } from "./course-schema";
import { requireExerciseParts } from "./exercise-parts";

/** One exercise found on disk: its id (= folder name = settings.json id) and its folder. */
export interface ExerciseFolder {
  id: string;
  /** Relative to the repository root, with forward slashes: `content/<course>/<NN.module>/<NN.lesson>/exercises/<id>`. */
  folder: string;
}

// Folders of the content root that are code, not courses (the loader skips the same one).
const CODE_FOLDERS = new Set(["kit"]);

/**
 * Every exercise folder under `<repoRoot>/content`, in course order (courses by id, modules and lessons by their NN
 * prefix, exercises by id). Only the shape the registries need is checked here, each failure naming the folder and
 * the part: a kit file missing or an unknown one beside them, a settings.json without a readable id or whose id is not
 * the folder's name, a folder name that is not an id, the same id twice. The loader checks the rest of the tree.
 */
export function findExerciseFolders(repoRoot: string): ExerciseFolder[] {
  const contentRoot = path.join(repoRoot, "content");
  const found: ExerciseFolder[] = [];
  const seen = new Map<string, string>();
  for (const course of subfolders(contentRoot).filter((d) => !CODE_FOLDERS.has(d.name))) {
    const courseDir = path.join(contentRoot, course.name);
    for (const moduleDir of positioned(courseDir)) {
      for (const lessonDir of positioned(moduleDir)) {
        const exercisesDir = path.join(lessonDir, "exercises");
        if (!listDir(lessonDir).some((e) => e.name === "exercises" && e.isDirectory())) continue;
        for (const entry of listDir(exercisesDir)) {
          const dir = path.join(exercisesDir, entry.name);
          if (!entry.isDirectory())
            throw new ContentError(dir, "unknown entry (the exercises folder holds one folder per exercise)");
          const id = requireExercise(dir);
          const clash = seen.get(id);
          if (clash !== undefined) throw new ContentError(dir, `duplicate exercise id "${id}" (also ${clash})`);
          seen.set(id, dir);
          found.push({ id, folder: path.relative(repoRoot, dir).split(path.sep).join("/") });
        }
      }
    }
  }
  return found;
}

/** Checks one exercise folder's parts and its settings.json id; returns the id. */
function requireExercise(dir: string): string {
  const folderName = path.basename(dir);
  if (!exerciseIdSchema.safeParse(folderName).success)
    throw new ContentError(dir, "an exercise folder name must be its kebab-case id");
  requireExerciseParts(dir, listDir(dir));
  const settingsFile = path.join(dir, exerciseFileNames.settings);
  let settings: unknown;
  try {
    settings = JSON.parse(readFileSync(settingsFile, "utf8"));
  } catch (error) {
    throw new ContentError(settingsFile, `bad JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const id = typeof settings === "object" && settings !== null && "id" in settings ? settings.id : undefined;
  if (id !== folderName)
    throw new ContentError(settingsFile, `id ${JSON.stringify(id)} must equal the folder name "${folderName}"`);
  return folderName;
}

function positioned(dir: string): string[] {
  return subfolders(dir)
    .filter((d) => positionedFolderPattern.test(d.name))
    .map((d) => path.join(dir, d.name));
}

function subfolders(dir: string): Dirent[] {
  return listDir(dir).filter((d) => d.isDirectory());
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw new ContentError(dir, `cannot read folder: ${error instanceof Error ? error.message : String(error)}`);
  }
}
