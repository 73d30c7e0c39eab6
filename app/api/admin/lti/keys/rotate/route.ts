import type { RotateKeyResponse } from "@/contract/http/lti-admin";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { rotateToolKey } from "@/server/lti/keys";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Makes a new signing key; the old one stays published for a day so what it signed still verifies. */
export const POST = route()
  .access(admin())
  .handle(async ({ grant, clientAddress }) => {
    const rotated = await rotateToolKey(getDb(), userActor(grant.user, clientAddress));
    return Response.json(rotated satisfies RotateKeyResponse);
  });
