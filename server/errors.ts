/**
 * Expected failures of a request, with the HTTP status a route should answer. Server modules throw
 * these; route handlers turn them into JSON responses (app/api/respond.ts). Anything else is a bug.
 */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}
