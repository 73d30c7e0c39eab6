import { transform, type Message } from "esbuild";
import type { CompileError } from "../../contract/grade-result";

/** `sourceMap`: esbuild's v3 source map of `code` (kept on the host, for the learner's line numbers in runtime errors). */
export type TranspileOutcome = { ok: true; code: string; sourceMap: string } | { ok: false; errors: CompileError[]; message: string };

const MAX_REPORTED_ERRORS = 50;

/**
 * Turns the learner's TypeScript into CommonJS for the isolate (types are stripped, not checked: the editor
 * shows type errors; the grader judges behaviour). Syntax errors come back with 1-based lines and columns
 * as the editor counts them. Refuses code over `codeSizeBytes` before parsing it.
 */
export async function transpileSubmission(source: string, codeSizeBytes: number): Promise<TranspileOutcome> {
  const size = Buffer.byteLength(source, "utf8");
  if (size > codeSizeBytes) {
    const message = `Your code is ${formatKb(size)}; the limit for this exercise is ${formatKb(codeSizeBytes)}.`;
    return { ok: false, errors: [{ line: 0, column: 0, message }], message };
  }
  try {
    const result = await transform(source, {
      loader: "ts",
      format: "cjs",
      target: "es2022",
      sourcefile: "submission.ts",
      logLevel: "silent",
      sourcemap: "external",
    });
    return { ok: true, code: result.code, sourceMap: result.map };
  } catch (error) {
    const errors = compileErrorsOf(error);
    const first = errors[0];
    const message = first
      ? `Your code does not compile: line ${first.line}, column ${first.column}: ${first.message}`
      : "Your code does not compile.";
    return { ok: false, errors, message };
  }
}

function compileErrorsOf(error: unknown): CompileError[] {
  const messages = hasEsbuildErrors(error) ? error.errors : [];
  if (messages.length === 0) {
    return [{ line: 0, column: 0, message: error instanceof Error ? error.message.slice(0, 2000) : "unknown compile error" }];
  }
  return messages.slice(0, MAX_REPORTED_ERRORS).map((message) => ({
    line: message.location?.line ?? 0,
    // esbuild counts columns from 0; editors (and learners) count from 1.
    column: (message.location?.column ?? -1) + 1,
    message: message.text.slice(0, 2000),
  }));
}

function hasEsbuildErrors(error: unknown): error is { errors: Message[] } {
  return typeof error === "object" && error !== null && "errors" in error && Array.isArray(error.errors);
}

function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
}
