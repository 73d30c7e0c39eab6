import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaClient } from "../generated/prisma/client";
import { useWriteAheadLog } from "../server/db-client";
import { seedLargeCourse } from "./analytics/large-course";
import { ROOT } from "./scale/processes";
import { percentile } from "./scale/stats";

// `npm run bench -- analytics`: what issue 15's analytics pages cost for a course of 1,000 learners (goal: the page's
// database work well under 1 s). Seeds bench/analytics/large-course.ts into a fresh migrated SQLite file (WAL, as the
// server runs it), then builds the busiest exercise's analytics and the course analytics RUNS times each after a
// warm-up, and prints for each the median and worst of: the wall time of the whole build (queries, parsing the
// stored results, arithmetic), and the database time, the time at least one query was in flight (Prisma's query
// events: start and duration; queries run side by side overlap, so their durations are not summed), with the number
// of queries.

const RUNS = 9;
const WARM_UP = 2;

interface Sample {
  wallMs: number;
  dbMs: number;
  queries: number;
}

export async function run(): Promise<void> {
  // The analytics modules are server-only (they import "server-only", which throws outside Next's server bundles):
  // this process resolves it as Next's server does, to the empty module, before importing them.
  const empty = pathToFileURL(path.join(ROOT, "node_modules/server-only/empty.js")).href;
  register(
    `data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, next) { return s === "server-only" ? { url: ${JSON.stringify(empty)}, shortCircuit: true } : next(s, c); }`)}`,
  );
  const { buildExerciseAnalytics } = await import("../server/analytics/exercise-analytics");
  const { buildCourseAnalytics } = await import("../server/analytics/course-analytics");

  const file = path.join(ROOT, `data/bench/analytics-${process.pid}-${Date.now()}.db`);
  mkdirSync(path.dirname(file), { recursive: true });
  const url = `file:${file}`;
  execFileSync(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/db/migrate.ts", "deploy"],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" },
  );
  const db = new PrismaClient({
    adapter: new PrismaLibSql({ url: pathToFileURL(file).href, timeout: 5_000 }),
    log: [{ emit: "event", level: "query" }],
  });
  let intervals: [number, number][] = [];
  db.$on("query", (event) => {
    const start = event.timestamp.getTime();
    intervals.push([start, start + event.duration]);
  });
  try {
    await useWriteAheadLog(db, url);
    const seedStarted = performance.now();
    const course = await seedLargeCourse(db);
    const seedMs = performance.now() - seedStarted;
    const sizeMb = statSync(file).size / 1e6;
    console.log(
      `seeded ${course.learnerIds.length} learners, ${course.exerciseIds.length} exercises, ${course.counts.submissions} submissions, ${course.counts.visits} visits, ${course.counts.answers} answers in ${(seedMs / 1000).toFixed(1)} s (${sizeMb.toFixed(0)} MB)`,
    );
    const busiest = await db.submission.groupBy({
      by: ["exerciseId"],
      where: { exerciseId: { in: course.exerciseIds } },
      _count: { _all: true },
      orderBy: { _count: { exerciseId: "desc" } },
      take: 1,
    });
    const exerciseId = busiest[0]?.exerciseId ?? course.exerciseIds[0] ?? "";
    const windows = course.windows.get(exerciseId) ?? null;

    const measure = async (build: () => Promise<unknown>): Promise<Sample[]> => {
      const samples: Sample[] = [];
      for (let i = 0; i < WARM_UP + RUNS; i++) {
        intervals = [];
        const started = performance.now();
        await build();
        if (i >= WARM_UP)
          samples.push({ wallMs: performance.now() - started, dbMs: coveredMs(intervals), queries: intervals.length });
      }
      return samples;
    };
    const rows: [string, Sample[]][] = [
      [
        `exercise analytics (${exerciseId})`,
        await measure(() => buildExerciseAnalytics(db, course.courseId, exerciseId, course.now, windows)),
      ],
      ["course analytics", await measure(() => buildCourseAnalytics(db, course.courseId, course.now))],
    ];
    console.log(
      `target                                  wall p50   wall max     db p50     db max   queries   (ms, n=${RUNS}; goal: db well under 1000)`,
    );
    for (const [label, samples] of rows) {
      const wall = samples.map((s) => s.wallMs);
      const db = samples.map((s) => s.dbMs);
      const cells = [percentile(wall, 50), Math.max(...wall), percentile(db, 50), Math.max(...db)].map((ms) =>
        ms.toFixed(1).padStart(9),
      );
      console.log(`${label.padEnd(38)} ${cells.join("  ")}   ${String(samples[0]?.queries ?? 0).padStart(7)}`);
    }
  } finally {
    await db.$disconnect();
    for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }
}

/** How long at least one of these [start, end] intervals was open. */
function coveredMs(intervals: readonly [number, number][]): number {
  let covered = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (end <= reach) continue;
    covered += end - Math.max(start, reach);
    reach = end;
  }
  return covered;
}
