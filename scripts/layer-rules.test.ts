import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run lint` enforces the floors (docs/architecture.md) with the real .dependency-cruiser.cjs: here it runs on a
// scratch tree of probe files, some breaking a rule and some right beside them keeping it, so a rule that stopped
// firing (or started firing on allowed imports) fails this test.

const repo = path.resolve(import.meta.dirname, "..");
let root: string;

const probes: Record<string, string> = {
  "tsconfig.json": JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", strict: true } }),
  // A stand-in for zod where the rules expect it (a link to the real one would resolve outside the scratch tree).
  "node_modules/zod/package.json": JSON.stringify({ name: "zod", main: "index.js" }),
  "node_modules/zod/index.js": "export const z = {};",
  "sim/index.ts": "export const PAGE = 4096;",
  "server/db.ts": "export const db = 1;",
  "content/kit/loader.ts": "export const load = 1;",
  "content/catalog.ts":
    'import { spec } from "./course/01.m/01.l/exercises/add/spec";\nexport const catalog = { spec };',
  "content/course/01.m/01.l/exercises/add/spec.ts":
    'import { PAGE } from "../../../../../../sim/index";\nexport const spec = PAGE;',
  // contract/: zod and sim are fine; content/ and server/ are above it.
  "contract/ok.ts":
    'import { z } from "zod";\nimport { PAGE } from "../sim/index";\nexport const schema = z.number().max(PAGE);',
  "contract/up-to-content.ts": 'import { load } from "../content/kit/loader";\nexport const x = load;',
  "contract/up-to-server.ts": 'import { db } from "../server/db";\nexport const y = db;',
  // grader/: the registry and exercise folders are fine; the kit is not.
  "grader/registry.ts":
    'import { catalog } from "../content/catalog";\nimport { spec } from "../content/course/01.m/01.l/exercises/add/spec";\nexport const r = [catalog, spec];',
  "grader/reads-the-kit.ts": 'import { load } from "../content/kit/loader";\nexport const g = load;',
  // content/: never the grader.
  "content/kit/uses-grader.ts": 'import { r } from "../../grader/registry";\nexport const k = r;',
  // grader/shared/: contract and sim only.
  "grader/shared/score.ts": 'import { schema } from "../../contract/ok";\nexport const score = schema;',
  "grader/shared/uses-node.ts": 'import { readFileSync } from "node:fs";\nexport const read = readFileSync;',
  // components/: grader/shared only.
  "components/run.ts": 'import { score } from "../grader/shared/score";\nexport const run = score;',
  "components/sandbox.ts": 'import { r } from "../grader/registry";\nexport const s = r;',
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "pagewise-layer-rules-"));
  for (const [file, text] of Object.entries(probes)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), `${text}\n`);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

async function violations(): Promise<string[]> {
  const cli = path.join(repo, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
  const args = [cli, "--config", path.join(repo, ".dependency-cruiser.cjs"), "--output-type", "json"];
  const run = promisify(execFile);
  // Exit status 1 means violations were found: the JSON on stdout says which.
  const { stdout } = await run(process.execPath, [...args, "contract", "grader", "content", "components"], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  const report = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe("the layer rules", () => {
  it("refuse exactly the imports that climb a floor, and nothing beside them", async () => {
    expect(await violations()).toEqual([
      "browser-sees-only-the-grader-shared-half: components/sandbox.ts -> grader/registry.ts",
      "content-stays-below-the-grader: content/kit/uses-grader.ts -> grader/registry.ts",
      "contract-is-the-floor: contract/up-to-content.ts -> content/kit/loader.ts",
      "contract-is-the-floor: contract/up-to-server.ts -> server/db.ts",
      "grader-reads-content-only-through-its-registries: grader/reads-the-kit.ts -> content/kit/loader.ts",
      "grader-shared-is-browser-safe: grader/shared/uses-node.ts -> fs",
    ]);
  }, 60_000);
});
