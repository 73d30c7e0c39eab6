import { z } from "zod";

/**
 * The gradebook's filters, in the page's query string and the CSV export's alike (GET /courses/:courseId/gradebook and
 * /courses/:courseId/gradebook.csv): `module` keeps one module's exercises, `show` keeps the learners with late work
 * or those who have not started any of the exercises shown.
 */
export const gradebookFilterSchema = z.object({
  // The page's form sends module= for "All modules".
  module: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).max(200).optional()),
  show: z.enum(["all", "late", "not-started"]).default("all"),
});
export type GradebookFilter = z.infer<typeof gradebookFilterSchema>;

/** GET /courses/:courseId/gradebook.csv: the filters, and the layout (ours, or Canvas's gradebook import). */
export const gradebookCsvQuerySchema = gradebookFilterSchema
  .extend({ layout: z.enum(["pagewise", "canvas"]).default("pagewise") })
  .strict();
export type GradebookCsvQuery = z.infer<typeof gradebookCsvQuerySchema>;
