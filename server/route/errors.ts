import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { ErrorBody } from "../../contract/http/errors";
import { RequestError } from "../errors";

/** A JSON error response; extra headers (Retry-After, Connection) ride along. */
export function errorResponse(status: number, body: ErrorBody["error"], headers?: HeadersInit): Response {
  return Response.json({ error: body } satisfies ErrorBody, { status, headers });
}

/**
 * The one mapping from a thrown value to a response, for routes and actions alike: RequestError keeps its
 * status (404 unknown id, 403 forbidden, 413/429 limits, ...), a zod error is a 400 naming each field path,
 * anything else is a bug: logged with a fresh id and answered 500 with that id and nothing internal.
 */
export function toErrorResponse(error: unknown, log: (line: string, error: unknown) => void = defaultLog): Response {
  if (error instanceof RequestError) {
    return errorResponse(error.status, { code: error.code, message: error.message }, error.headers);
  }
  if (error instanceof z.ZodError) return errorResponse(400, describeInvalidInput(error));
  const errorId = randomUUID();
  log(`[api] unexpected error ${errorId}`, error);
  return errorResponse(500, {
    code: "internal_error",
    message: `Something went wrong on our side (error ${errorId}). Please try again; if it keeps happening, quote this id.`,
    errorId,
  });
}

/** A 400 body that names every invalid field, e.g. "code: expected a string". */
export function describeInvalidInput(error: z.ZodError): ErrorBody["error"] {
  const fields = error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join(".") || "(the whole body)",
    message: plainMessage(issue),
  }));
  return {
    code: "invalid_request",
    message: `The request is not valid: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`,
    fields,
  };
}

/** zod's sentence, except that a missing field says so instead of "expected string, received undefined". */
function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message))
    return `required (expected ${issue.expected})`;
  return issue.message;
}

function defaultLog(line: string, error: unknown): void {
  console.error(line, error);
}
