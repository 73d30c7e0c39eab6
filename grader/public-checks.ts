import { registryDefinitions } from "./catalog-registry";
import { publicChecksFor, type PublicChecks } from "./public-checks-core";

export type { PublicChecks } from "./public-checks-core";

let definitions: ReturnType<typeof registryDefinitions> | null = null;

/**
 * For the web server (server only: it runs the reference solution): the public checks of `exerciseId` for a
 * learner's `seed` and the reference's answers to them. Throws for an unknown exercise or a failing reference.
 * The groups hold Uint8Array fixtures: serialise them for the page with content/kit's wire helpers.
 */
export function preparePublicChecks(exerciseId: string, seed: string): PublicChecks {
  definitions ??= registryDefinitions();
  const definition = Object.hasOwn(definitions, exerciseId) ? definitions[exerciseId] : undefined;
  if (!definition) throw new Error(`Unknown exercise "${exerciseId}".`);
  return publicChecksFor(exerciseId, definition, seed);
}
