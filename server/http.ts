import "server-only";
import { z } from "zod";
import { RequestError } from "./errors";
import { findCurrentUser, type CurrentUser } from "./session";

/** A JSON error body: a stable code for programs and a sentence for people. */
export function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/**
 * Runs a route's work and turns expected failures (RequestError, invalid input) into JSON errors.
 * Anything else is logged and answered with a 500 that leaks nothing.
 */
export async function respond(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RequestError) return errorResponse(error.status, error.code, error.message);
    if (error instanceof z.ZodError) {
      const detail = error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
      return errorResponse(400, "invalid_request", `The request is not valid: ${detail}`);
    }
    console.error("[api] unexpected error", error);
    return errorResponse(500, "internal_error", "Something went wrong on our side. Please try again.");
  }
}

/** The signed-in user, or a 401. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await findCurrentUser();
  if (!user) throw new RequestError(401, "not_signed_in", "Sign in first.");
  return user;
}

/**
 * Reads a JSON body of at most maxBytes and validates it. Oversized or malformed bodies get a clear
 * 413 or 400 before anything else happens.
 */
export async function readJson<T>(request: Request, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new RequestError(413, "body_too_large", `The request body is larger than ${maxBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text, "utf8") > maxBytes) {
    throw new RequestError(413, "body_too_large", `The request body is larger than ${maxBytes} bytes.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RequestError(400, "invalid_json", "The request body is not valid JSON.");
  }
  return schema.parse(body);
}
