import { SourceMap } from "node:module";
import { z } from "zod";

/** Maps a position in the code the isolate ran (1-based line and column) to the learner's TypeScript line. */
export type LineMapper = (line: number, column: number) => number | null;

const sourceMapSchema = z.object({
  version: z.literal(3),
  mappings: z.string(),
  sources: z.array(z.string()),
  names: z.array(z.string()).default([]),
  file: z.string().default(""),
  sourceRoot: z.string().default(""),
  sourcesContent: z.array(z.string()).default([]),
});

/**
 * A mapper over esbuild's source map of the submission. `firstLineShift` is how many characters the sandbox's
 * module wrapper adds before the code on its first line. Positions outside the learner's code (or any map
 * fault) give null: a line number is an aid, never a reason for a grading error.
 */
export function createLineMapper(sourceMapJson: string, firstLineShift: number): LineMapper {
  let map: SourceMap | null = null;
  try {
    const parsed = sourceMapSchema.safeParse(JSON.parse(sourceMapJson));
    if (parsed.success) map = new SourceMap(parsed.data);
  } catch {
    map = null;
  }
  return (line, column) => {
    if (!map || !Number.isInteger(line) || !Number.isInteger(column) || line < 1 || column < 1) return null;
    const generatedColumn = column - 1 - (line === 1 ? firstLineShift : 0);
    if (generatedColumn < 0) return null;
    try {
      const entry: unknown = map.findEntry(line - 1, generatedColumn);
      const original = z.object({ originalLine: z.number().int().nonnegative() }).safeParse(entry);
      return original.success ? original.data.originalLine + 1 : null;
    } catch {
      return null;
    }
  };
}

/** " (line 7 of your code)", or "" when the position does not map. */
export function lineSuffix(mapper: LineMapper | null, at: readonly [number, number] | undefined): string {
  if (!mapper || !at) return "";
  const line = mapper(at[0], at[1]);
  return line === null ? "" : ` (line ${line} of your code)`;
}
