import path from "node:path";
import { ContentError } from "./content-error";
import { exerciseFileNames, isHelperFileName, isTestFileName } from "./course-schema";

// What makes a folder an exercise, checked in one place for the loader (content:check, the server) and for the
// generator of the registries (scripts/generate.ts): every kit file present, nothing unknown beside them.

/** An entry of a folder, as readdir's Dirent describes it. */
export interface FolderEntry {
  name: string;
  isFile(): boolean;
}

const kitNames = new Set<string>(Object.values(exerciseFileNames));

/** Throws a ContentError naming the folder's first unknown entry or missing kit file. */
export function requireExerciseParts(dir: string, entries: readonly FolderEntry[]): void {
  for (const entry of entries) {
    const known =
      entry.isFile() && (kitNames.has(entry.name) || isHelperFileName(entry.name) || isTestFileName(entry.name));
    if (!known) {
      throw new ContentError(
        path.join(dir, entry.name),
        `unknown entry (an exercise folder holds ${[...kitNames].join(", ")}, spec-*.ts and hidden-*.ts helpers, and *.test.ts files)`,
      );
    }
  }
  for (const name of kitNames) {
    if (!entries.some((e) => e.isFile() && e.name === name))
      throw new ContentError(path.join(dir, name), "missing file");
  }
}
