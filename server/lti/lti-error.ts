/**
 * A refused LTI login or launch: a 4xx with a code that names the failure and words for the person who sees it (an
 * LMS user, or the administrator who set the tool up). The routes render it as a page (server/lti/pages.ts).
 */
export class LtiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410,
    readonly code: string,
    message: string,
    /** What to check, for the administrator. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = "LtiError";
  }
}
