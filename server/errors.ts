/**
 * Expected failures of a request, with the HTTP status the route answers. Server modules throw these; the
 * route builder (server/route) turns them into JSON responses. Anything else is a bug and becomes a 500.
 */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 502 | 503,
    readonly code: string,
    message: string,
    /** Headers the response must carry, e.g. Retry-After on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "RequestError";
  }
}
