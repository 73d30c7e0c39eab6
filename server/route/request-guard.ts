import { RequestError } from "../errors";

/** Methods that change state: the only ones a cross-site page could use to act as the learner (CSRF). */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isStateChanging(method: string): boolean {
  return STATE_CHANGING.has(method.toUpperCase());
}

/**
 * Refuses a state-changing request that did not come from this site's own pages: its Origin must be
 * PUBLIC_URL's origin, whatever the content type (a text/plain form post is refused like a JSON one).
 * Browsers send Origin on every cross-origin and every same-origin non-GET request, so a missing one is
 * refused too; scripts send it themselves. The LTI launch (a cross-site form post by design) is the one
 * route allowed to skip this, and says so where it is defined.
 */
export function requireSameOrigin(headers: Headers, publicUrl: string): void {
  const origin = headers.get("origin");
  if (origin === null) {
    throw new RequestError(403, "missing_origin", "This request has no Origin header, so it cannot be shown to come from this site's own pages.");
  }
  if (origin !== new URL(publicUrl).origin) {
    throw new RequestError(403, "bad_origin", `This request came from ${origin.slice(0, 100)}, not from this site's own pages.`);
  }
}

/** A JSON route takes application/json (any charset parameter) and nothing else: 415 otherwise. */
export function requireJsonContentType(headers: Headers): void {
  const type = headers.get("content-type");
  const essence = type?.split(";")[0]?.trim().toLowerCase();
  if (essence !== "application/json") {
    throw new RequestError(
      415,
      "unsupported_media_type",
      `This endpoint takes a JSON body (Content-Type: application/json), not ${type ? type.slice(0, 100) : "a body without a Content-Type"}.`,
    );
  }
}

/** A cross-site form route (LTI) takes application/x-www-form-urlencoded and nothing else: 415 otherwise. */
export function requireFormContentType(headers: Headers): void {
  const type = headers.get("content-type");
  const essence = type?.split(";")[0]?.trim().toLowerCase();
  if (essence !== "application/x-www-form-urlencoded") {
    throw new RequestError(415, "unsupported_media_type", `This endpoint takes a form post (application/x-www-form-urlencoded), not ${type ? type.slice(0, 100) : "a body without a Content-Type"}.`);
  }
}
