import "server-only";
import type { GradebookCsvQuery } from "../contract/http/gradebook";
import { toCsv, type CsvCell } from "./csv";
import type { Gradebook } from "./gradebook";

/** What the export answers: the CSV text and the file name to save it as. */
export interface GradebookCsv {
  filename: string;
  text: string;
}

/**
 * The gradebook as CSV. Ours: one row per learner (name, email, a column per exercise id with the final grade, the
 * total). Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then a column per exercise
 * named "<title> (<id>)" (Canvas creates the assignment), a "Points Possible" row, and no total (Canvas computes
 * its own); learners are matched by login (their email). A learner with no grade has an empty cell, not a 0.
 */
export function gradebookCsv(courseId: string, gradebook: Gradebook, query: GradebookCsvQuery, now = new Date()): GradebookCsv {
  const { rows, exercises } = gradebook;
  const date = now.toISOString().slice(0, 10);
  const scope = [query.module ? query.module.split("/").pop() : null, query.show !== "all" ? query.show : null].filter(Boolean).join("-");
  const filename = `${courseId}-gradebook${scope ? `-${scope}` : ""}${query.layout === "canvas" ? "-canvas" : ""}-${date}.csv`;
  const final = (row: Gradebook["rows"][number], id: string): CsvCell => row.cells[id]?.final ?? null;
  if (query.layout === "canvas") {
    const header: CsvCell[] = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ...exercises.map((e) => `${e.title} (${e.id})`)];
    const points: CsvCell[] = ["Points Possible", null, null, null, null, ...exercises.map((e) => e.maxScore)];
    const records = rows.map((row): CsvCell[] => [row.name, null, null, row.email, null, ...exercises.map((e) => final(row, e.id))]);
    return { filename, text: toCsv([header, points, ...records]) };
  }
  const header: CsvCell[] = ["name", "email", ...exercises.map((e) => e.id), "total"];
  const records = rows.map((row): CsvCell[] => [row.name, row.email, ...exercises.map((e) => final(row, e.id)), row.total]);
  return { filename, text: toCsv([header, ...records]) };
}
