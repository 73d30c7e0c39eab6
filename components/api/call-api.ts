import type { z } from "zod";
import { errorBodySchema } from "../../contract/http/errors";

/** A refused or failed call (non-2xx, or no answer at all: status 0), with a sentence for the learner. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls one of our JSON endpoints and validates the answer with the endpoint's contract schema (contract/http/).
 * A non-2xx answer becomes an ApiError carrying the server's own sentence; a network failure or an answer that
 * does not match the contract becomes one too, worded for the learner. 204 parses `undefined`.
 */
export async function callApi<T>(input: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  } catch {
    throw new ApiError(0, "The server could not be reached. Check your connection and try again.");
  }
  if (response.status === 204) return schema.parse(undefined);
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const refusal = errorBodySchema.safeParse(body);
    throw new ApiError(
      response.status,
      refusal.success ? refusal.data.error.message : `The server answered HTTP ${response.status}.`,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ApiError(response.status, "The server's answer was not understood. Reload the page and try again.");
  return parsed.data;
}
