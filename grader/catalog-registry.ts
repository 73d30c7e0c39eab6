import { exerciseCatalog } from "../content/catalog";
import { exerciseSecrets } from "./exercise-secrets";
import type { ExerciseDefinition } from "./registry";

/**
 * The real exercises: public parts from content/catalog.ts, server-only parts from grader/exercise-secrets.ts.
 * Throws when an exercise has no secrets (or secrets name an exercise the catalog lacks): a half-registered
 * exercise must fail the build and the worker's start, not grade against nothing.
 */
export function registryDefinitions(): Record<string, ExerciseDefinition> {
  const definitions: Record<string, ExerciseDefinition> = {};
  for (const [id, entry] of Object.entries(exerciseCatalog)) {
    const secrets = Object.hasOwn(exerciseSecrets, id) ? exerciseSecrets[id] : undefined;
    if (!secrets) throw new Error(`Exercise "${id}" is in content/catalog.ts but has no entry in grader/exercise-secrets.ts.`);
    definitions[id] = { spec: entry.spec, adapter: entry.adapter, secrets };
  }
  for (const id of Object.keys(exerciseSecrets)) {
    if (!Object.hasOwn(exerciseCatalog, id)) throw new Error(`grader/exercise-secrets.ts names "${id}", which content/catalog.ts does not have.`);
  }
  return definitions;
}

/** Each catalog exercise's folder (repo-relative), for the build of its sandbox runtime. */
export function catalogFolders(): { id: string; folder: string }[] {
  return Object.entries(exerciseCatalog).map(([id, entry]) => ({ id, folder: entry.folder }));
}
