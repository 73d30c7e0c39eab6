import { parseArgs } from "node:util";
import { z } from "zod";

export const USAGE = "Usage: npm run regrade -- --exercise ID [--course ID] [--dry-run] [--json]";

const argsSchema = z
  .object({
    exercise: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "--exercise takes an exercise id (kebab-case, e.g. walk-32)"),
    course: z.string().min(1).max(100).optional(),
    "dry-run": z.boolean().default(false),
    json: z.boolean().default(false),
  })
  .strict();
export type RegradeArgs = z.infer<typeof argsSchema>;

/** The command line, validated: the options, or a message for a usage error (exit 2). */
export function readRegradeArgs(argv: string[]): { ok: true; args: RegradeArgs } | { ok: false; message: string } {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { exercise: { type: "string" }, course: { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: `${error instanceof Error ? error.message : String(error)}\n${USAGE}` };
  }
  const parsed = argsSchema.safeParse(values);
  if (parsed.success) return { ok: true, args: parsed.data };
  const missing = values.exercise === undefined ? "--exercise is required" : parsed.error.issues.map((issue) => issue.message).join("; ");
  return { ok: false, message: `${missing}\n${USAGE}` };
}
