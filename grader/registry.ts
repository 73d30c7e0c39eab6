import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ExerciseAdapter, ExerciseSecrets, ExerciseSpec } from "../contract/exercise";
import { buildManifestSchema, MANIFEST_FILE, type BuildManifest } from "./build-manifest";

/** Everything the grader needs to grade one exercise, on the host. */
export interface GradableExercise {
  id: string;
  /** Changes whenever the exercise's files change (from the build manifest). */
  version: string;
  spec: ExerciseSpec;
  adapter: ExerciseAdapter;
  secrets: ExerciseSecrets;
  /** The sandbox runtime IIFE evaluated in each isolate before the learner's module. */
  runtimeSource: string;
}

/** The exercise's host-side parts: its public spec and adapter, and its server-only secrets. */
export interface ExerciseDefinition {
  spec: ExerciseSpec;
  adapter: ExerciseAdapter;
  secrets: ExerciseSecrets;
}

export interface ExerciseRegistry {
  /** The exercise, or null when this grader does not know it. Throws when its build output is missing. */
  find(id: string): GradableExercise | null;
  ids(): string[];
}

/**
 * A registry over `definitions`, reading runtimes and versions from `runtimeDir` (the build's output) on first
 * use. An exercise that is defined but was not built fails loudly instead of grading with a stale runtime.
 */
export function createRegistry(definitions: Readonly<Record<string, ExerciseDefinition>>, runtimeDir: string): ExerciseRegistry {
  let manifest: BuildManifest | null = null;
  const cache = new Map<string, GradableExercise>();
  const requireManifest = (): BuildManifest => {
    manifest ??= buildManifestSchema.parse(JSON.parse(readFileSync(join(runtimeDir, MANIFEST_FILE), "utf8")));
    return manifest;
  };
  return {
    ids: () => Object.keys(definitions).sort(),
    find(id) {
      const cached = cache.get(id);
      if (cached) return cached;
      if (!Object.hasOwn(definitions, id)) return null;
      const definition = definitions[id];
      if (!definition) return null;
      const exercises = requireManifest().exercises;
      const built = Object.hasOwn(exercises, id) ? exercises[id] : undefined;
      if (!built) throw new Error(`Exercise "${id}" has no sandbox runtime in ${runtimeDir}: run npm run build.`);
      const exercise: GradableExercise = {
        id,
        version: built.version,
        ...definition,
        runtimeSource: readFileSync(join(runtimeDir, built.runtime), "utf8"),
      };
      cache.set(id, exercise);
      return exercise;
    },
  };
}
