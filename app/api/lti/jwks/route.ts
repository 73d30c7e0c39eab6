import { getDb } from "@/server/db";
import { publishedJwks } from "@/server/lti/keys";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/**
 * The tool's public keys (RFC 7517), which platforms verify our client assertions and deep-linking responses with.
 * Cached briefly: a rotation shows within five minutes, and the key rotated out stays published for a day.
 */
export const GET = route()
  .access(anyone())
  .handle(async () => Response.json(await publishedJwks(getDb()), { headers: { "cache-control": "public, max-age=300" } }));
