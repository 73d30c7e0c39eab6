import "server-only";
import { RequestError } from "./errors";

/**
 * Refuses a state-changing request that a browser sent from another site (CSRF): its Origin header must be
 * the site's own public origin. Browsers send Origin on every POST, so a missing one is refused too; scripts
 * calling the API send it themselves, as they must for better-auth's routes.
 */
export function requireSameOrigin(request: Request, publicUrl: string): void {
  const origin = request.headers.get("origin");
  if (origin === null || origin !== new URL(publicUrl).origin) {
    throw new RequestError(403, "bad_origin", "This request did not come from this site's own pages.");
  }
}
