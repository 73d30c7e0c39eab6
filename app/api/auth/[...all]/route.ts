import { otherAuthBodySchema } from "@/contract/http/auth";
import { z } from "zod";
import { AUTH_BODY_MAX_BYTES, forwardToBetterAuth, getFromBetterAuth } from "@/server/auth-requests";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";

// better-auth serves get-session, sign-out and the rest under /api/auth/*; sign-in and sign-up have routes of their
// own (sign-in/email, sign-up/email) with strict bodies and rate limits. Requests here pass through the route
// builder like every other: Origin checked, JSON only, bodies capped.

const paramsSchema = z.object({ all: z.array(z.string().max(100)).min(1).max(5) });

export const GET = route()
  .params(paramsSchema)
  .access(anyone())
  .handle(async ({ request }) => getFromBetterAuth(request));

export const POST = route()
  .params(paramsSchema)
  .body(otherAuthBodySchema, { maxBytes: AUTH_BODY_MAX_BYTES, allowEmpty: true })
  .access(anyone())
  .handle(async ({ request, rawBody }) => forwardToBetterAuth(request, rawBody));
