import { readFileSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { getMDXComponent } from "mdx-bundler/client";
import { exerciseCatalog } from "../../content/catalog";
import { compileMdxSource } from "../../content/kit/compile-mdx";
import { loadCourses } from "../../content/kit/course-loader";
import type { LoadedExercise } from "../../content/kit/course-schema";
import { KNOWLEDGE_CHECKS_FILE } from "../../content/kit/knowledge-check-schema";
import { mdxComponents } from "../../components/mdx/mdx-content";
import type { GradeResult } from "../../contract/grade-result";
import { LocalPool } from "../../grader/pool/local-pool";
import { buildGrader, productionBuild } from "../build-grader";
import { findSecretsInBundles } from "./bundle-scan";
import { clientReachableModules } from "./client-reachability";

/**
 * `npm run content:check`: content is validated like code. Every course file against its schema,
 * every lesson and prompt compiled and rendered, every exercise's reference solution graded by the
 * real grader (must score 100%) and its starter (must compile and fail at least one check), and proof
 * that no reference solution, hidden check or knowledge-check answer file is reachable from the browser.
 * Exit 1 on any failure.
 */
const root = path.resolve(import.meta.dirname, "../..");
const SEEDS = ["content-check-1", "content-check-2"];
const failures: string[] = [];
const fail = (message: string) => failures.push(message);

async function main(): Promise<void> {
  const courses = await loadCourses(path.join(root, "content"));
  const lessons = courses.flatMap((c) => c.modules.flatMap((m) => m.lessons));
  const exercises = lessons.flatMap((l) => l.exercises);
  console.log(`Schema: ${courses.length} course(s), ${lessons.length} lesson(s), ${exercises.length} exercise(s) load.`);

  for (const lesson of lessons) {
    await renders(path.relative(root, lesson.file), lesson.source);
    for (const exercise of lesson.exercises) await renders(path.relative(root, exercise.files.prompt), exercise.prompt);
  }
  console.log("MDX: every lesson and prompt compiles and renders.");

  const catalogIds = Object.keys(exerciseCatalog).sort();
  const treeIds = exercises.map((e) => e.id).sort();
  if (JSON.stringify(catalogIds) !== JSON.stringify(treeIds)) {
    fail(`content/catalog.ts lists [${catalogIds.join(", ")}] but content/ holds [${treeIds.join(", ")}]: run npm run generate.`);
  }

  await buildGrader(await productionBuild());
  const pool = new LocalPool({ workerPath: path.join(root, "generated/grader/worker.mjs"), size: 1 });
  try {
    console.log("\nexercise            checks (public+hidden)  reference       starter");
    for (const exercise of exercises) await proveExercise(pool, exercise);
  } finally {
    await pool.close();
  }

  const { entries, modules } = await clientReachableModules(root);
  const leaks = modules.filter(
    (m) =>
      /\/(solution|hidden)(-[a-z0-9-]+)?\.ts$/.test(m) ||
      m.endsWith(`/${KNOWLEDGE_CHECKS_FILE}`) ||
      m.startsWith("server/") ||
      m.startsWith("prisma/"),
  );
  if (leaks.length > 0) fail(`Reachable from browser code (${entries.length} "use client" entries): ${leaks.join(", ")}`);
  else console.log(`\nBrowser reachability: ${modules.length} modules reachable from ${entries.length} client entries; no solution, hidden check, knowledge-check file or server module among them.`);

  // Knowledge checks hold their answers and explanations; the server renders questions per request, so no
  // text of those files belongs in a static bundle either.
  const knowledgeCheckFiles = lessons.flatMap((l) => (l.knowledgeChecksFile ? [l.knowledgeChecksFile] : []));
  const secretFiles = [...exercises.flatMap((e) => [e.files.solution, e.files.hidden]), ...knowledgeCheckFiles];
  const scan = findSecretsInBundles(root, secretFiles);
  if (scan.bundles === 0) console.log("Bundles: no build in .next/ to scan (npm run build first for this part).");
  for (const hit of scan.found) fail(`${hit.bundle} contains "${hit.literal}" from ${hit.file}.`);
  if (scan.bundles > 0 && scan.found.length === 0) console.log(`Bundles: ${scan.bundles} browser bundles hold no text of any solution, hidden check or knowledge-check file (${knowledgeCheckFiles.length}).`);
}

async function renders(file: string, source: string): Promise<void> {
  try {
    const { code } = await compileMdxSource(source);
    renderToStaticMarkup(createElement(getMDXComponent(code), { components: mdxComponents }));
  } catch (error) {
    fail(`${file} does not compile or render: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function proveExercise(pool: LocalPool, exercise: LoadedExercise): Promise<void> {
  const reference = readFileSync(exercise.files.solution, "utf8");
  const starter = readFileSync(exercise.files.starter, "utf8");
  let referenceSummary = "";
  let starterSummary = "";
  let checkCounts = "";
  for (const seed of SEEDS) {
    const grade = (code: string): Promise<GradeResult> => pool.grade({ exerciseId: exercise.id, code, seed, hiddenSeed: `${seed}-hidden` });
    const [ref, start] = await Promise.all([grade(reference), grade(starter)]);
    const publicCount = ref.checks.filter((c) => c.visibility === "public").length;
    checkCounts = `${ref.checks.length} (${publicCount}+${ref.checks.length - publicCount})`;
    if (ref.status !== "graded" || ref.score !== ref.maxScore) {
      const failing = ref.checks.filter((c) => c.verdict !== "pass").map((c) => `${c.name}: ${c.message}`);
      fail(`${exercise.id}: the reference solution scored ${ref.score}/${ref.maxScore} (${ref.status}, seed ${seed}): ${ref.message} ${failing.join(" | ")}`);
    }
    if (ref.maxScore !== exercise.settings.points) fail(`${exercise.id}: checks add up to ${ref.maxScore} points, settings.json says ${exercise.settings.points}.`);
    if (start.status !== "graded") fail(`${exercise.id}: the starter must compile and run; it ended ${start.status}: ${start.message}`);
    else if (start.score >= start.maxScore) fail(`${exercise.id}: the starter passes every check (seed ${seed}); it must fail at least one.`);
    referenceSummary = `${ref.score}/${ref.maxScore}`;
    starterSummary = `${start.score}/${start.maxScore}`;
  }
  console.log(`${exercise.id.padEnd(20)}${checkCounts.padEnd(24)}${referenceSummary.padEnd(16)}${starterSummary}`);
}

main()
  .catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)))
  .finally(() => {
    if (failures.length > 0) {
      console.error(`\ncontent:check FAILED (${failures.length}):\n- ${failures.join("\n- ")}`);
      process.exit(1);
    }
    console.log("\ncontent:check passed.");
    process.exit(0);
  });
