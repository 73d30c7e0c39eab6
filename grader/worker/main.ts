import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { registryDefinitions } from "../catalog-registry";
import { startWorker } from "./start-worker";

// The production worker's entry, bundled by scripts/build-grader.ts into generated/grader/worker.mjs, next to
// runtime/ (the exercises' sandbox runtimes). Started by grader/pool/local-pool.ts with --no-node-snapshot.
// It never reads sabotage switches: those exist only in the test worker (test/grader/fixtures/fixture-worker.ts).
await startWorker({
  definitions: registryDefinitions(),
  runtimeDir: join(dirname(fileURLToPath(import.meta.url)), "runtime"),
});
