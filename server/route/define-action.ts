import "server-only";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import type { z } from "zod";
import { getDb } from "../db";
import { getEnv } from "../env";
import { RequestError } from "../errors";
import { findCurrentUser } from "../session";
import type { AccessRule } from "./access";
import { requireSameOrigin } from "./request-guard";

/**
 * The one way to write a server action (a form's action), with the route builder's steps in the same order:
 * the request guard (Origin must be PUBLIC_URL's; Next's own check only compares it with the Host header),
 * the session, the access rule, the input's zod schema, then the work. Refusals speak the page language, as
 * the page helpers do (server/route/page-access.ts): a visitor is sent to sign in and back to
 * `returnTo(input)`, a forbidden user gets the 403 page, an unknown id the 404 page; anything else throws to
 * the error page, which shows no internals in production.
 */
export function defineAction<I, G>(
  options: { input: z.ZodType<I>; access: AccessRule<{ input: I }, G>; returnTo: (input: I) => string },
  run: (context: { input: I; grant: G }) => Promise<void>,
): (rawInput: unknown) => Promise<void> {
  return async (rawInput) => {
    const requestHeaders = await headers();
    try {
      requireSameOrigin(requestHeaders, getEnv().PUBLIC_URL);
    } catch {
      forbidden();
    }
    const user = await findCurrentUser();
    const input = options.input.parse(rawInput);
    if (!user && options.access.needs !== "anyone") redirect(`/sign-in?next=${encodeURIComponent(options.returnTo(input))}`);
    try {
      const grant = await options.access.authorize(user, { input }, getDb());
      await run({ input, grant });
    } catch (error) {
      if (error instanceof RequestError && error.status === 404) notFound();
      if (error instanceof RequestError && error.status === 403) forbidden();
      throw error;
    }
  };
}
