import "server-only";
import type { z } from "zod";
import { getDb } from "../db";
import { getEnv } from "../env";
import { findUserForHeaders } from "../session";
import { checkNeeds, type AccessRule } from "./access";
import { clientAddressOf } from "./client-address-header";
import { toErrorResponse } from "./errors";
import { enforceLimits, type LimitCharge } from "./limits";
import { parseJsonBody, readBodyCapped } from "./read-body";
import { isStateChanging, requireFormContentType, requireJsonContentType, requireSameOrigin } from "./request-guard";

/** What a route's access rule and handler see of the request, each part validated by its schema. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface RouteContext<P, Q, B, G> extends RouteInput<P, Q, B> {
  request: Request;
  /** What the access rule granted: the user, and the record or course it checked. */
  grant: G;
  /** The body's bytes as received (only when the route declared a body). */
  rawBody: Uint8Array | null;
  clientAddress: string;
}

/** The shape Next calls a route handler with. */
export type RouteHandler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

interface BodySpec {
  schema: z.ZodType;
  maxBytes: number;
  /** An empty body is passed to the schema as undefined instead of being refused (better-auth's sign-out). */
  allowEmpty: boolean;
}

/**
 * A form body posted from another site: the LTI launch and login initiation, where an LMS's page posts the browser
 * to us by design. The one exception to the Origin check (docs/decisions/0158-lti.md); its errors are pages, since
 * a person, not a script, reads them.
 */
interface CrossSiteFormSpec {
  schema: z.ZodType;
  maxBytes: number;
}

/** Turns what a route threw into its response, instead of the JSON error body (pages for people, e.g. LTI). */
export type ErrorRenderer = (error: unknown) => Promise<Response>;

interface Spec {
  params: z.ZodType | null;
  query: z.ZodType | null;
  body: BodySpec | null;
  crossSiteForm: CrossSiteFormSpec | null;
  renderError: ErrorRenderer | null;
}

type Empty = Record<string, never>;

/**
 * The one way to write a route handler (docs/decisions/0080-one-way-to-write-a-route.md). Declare params,
 * query and body schemas, then the access rule; only then does `.handle` exist, so a route cannot be written
 * without naming who may call it. Every request then goes through the same steps, in this order:
 *   1. request guard: a state-changing request must come from PUBLIC_URL's origin (403); a declared JSON
 *      body must be sent as application/json (415);
 *   2. session, and the rule's first half: 401 when it needs a user and there is none, 403 for non-admins
 *      on admin routes, all before a byte of the body is read;
 *   3. params, query and body against their zod schemas (400 naming each field), the body read with a cap
 *      while it streams (413);
 *   4. the rule's second half: enrolment, course staff, ownership (403, or 404 for others' records);
 *   5. rate limits (429 with Retry-After);
 *   6. the handler. Whatever it throws goes through the same mapping (server/route/errors.ts).
 */
export function route(): RouteBuilder<Empty, Empty, undefined> {
  return new RouteBuilder({ params: null, query: null, body: null, crossSiteForm: null, renderError: null });
}

export class RouteBuilder<P, Q, B> {
  constructor(private readonly spec: Spec) {}

  params<T>(schema: z.ZodType<T>): RouteBuilder<T, Q, B> {
    return new RouteBuilder({ ...this.spec, params: schema });
  }

  query<T>(schema: z.ZodType<T>): RouteBuilder<P, T, B> {
    return new RouteBuilder({ ...this.spec, query: schema });
  }

  /** A JSON body of at most `maxBytes`, validated by `schema`. */
  body<T>(schema: z.ZodType<T>, options: { maxBytes: number; allowEmpty?: boolean }): RouteBuilder<P, Q, T> {
    return new RouteBuilder({ ...this.spec, body: { schema, maxBytes: options.maxBytes, allowEmpty: options.allowEmpty ?? false } });
  }

  /**
   * An application/x-www-form-urlencoded body that another site's page posts here (LTI only): the Origin check is
   * skipped for this route, so what it does must be proven by the body itself (a signed token, a state we issued).
   */
  crossSiteForm<T>(schema: z.ZodType<T>, options: { maxBytes: number }): RouteBuilder<P, Q, T> {
    return new RouteBuilder({ ...this.spec, crossSiteForm: { schema, maxBytes: options.maxBytes } });
  }

  /** Answers errors with `render` (a page) instead of the JSON error body. */
  errorsAs(render: ErrorRenderer): RouteBuilder<P, Q, B> {
    return new RouteBuilder({ ...this.spec, renderError: render });
  }

  access<G>(rule: AccessRule<RouteInput<P, Q, B>, G>): GuardedRoute<P, Q, B, G> {
    return new GuardedRoute(this.spec, rule, []);
  }
}

type LimitPicker<P, Q, B, G> = (context: RouteContext<P, Q, B, G>) => LimitCharge[];

export class GuardedRoute<P, Q, B, G> {
  constructor(
    private readonly spec: Spec,
    private readonly rule: AccessRule<RouteInput<P, Q, B>, G>,
    private readonly limits: LimitPicker<P, Q, B, G>[],
  ) {}

  /** Rate limits charged once the caller is allowed in: each pick names a limit and whom it counts. */
  limit(pick: LimitPicker<P, Q, B, G>): GuardedRoute<P, Q, B, G> {
    return new GuardedRoute(this.spec, this.rule, [...this.limits, pick]);
  }

  handle(handler: (context: RouteContext<P, Q, B, G>) => Promise<Response>): RouteHandler {
    const { spec, rule, limits } = this;
    return async (request, nextContext) => {
      try {
        const env = getEnv();
        if (isStateChanging(request.method) && !spec.crossSiteForm) requireSameOrigin(request.headers, env.PUBLIC_URL);
        const user = await findUserForHeaders(request.headers);
        checkNeeds(rule.needs, user);

        const params = (spec.params ? spec.params.parse(await nextContext.params) : {}) as P;
        const query = (spec.query ? spec.query.parse(Object.fromEntries(new URL(request.url).searchParams)) : {}) as Q;
        let rawBody: Uint8Array | null = null;
        let body: unknown = undefined;
        if (spec.body && request.method !== "GET" && request.method !== "HEAD") {
          requireJsonContentType(request.headers);
          rawBody = await readBodyCapped(request, spec.body.maxBytes);
          const isEmpty = rawBody.byteLength === 0;
          body = spec.body.schema.parse(isEmpty && spec.body.allowEmpty ? undefined : parseJsonBody(rawBody));
        } else if (spec.crossSiteForm && request.method === "POST") {
          requireFormContentType(request.headers);
          rawBody = await readBodyCapped(request, spec.crossSiteForm.maxBytes);
          body = spec.crossSiteForm.schema.parse(Object.fromEntries(new URLSearchParams(new TextDecoder().decode(rawBody))));
        }
        const input: RouteInput<P, Q, B> = { params, query, body: body as B };
        const db = getDb();
        const grant = await rule.authorize(user, input, db);
        const context: RouteContext<P, Q, B, G> = { ...input, request, grant, rawBody, clientAddress: clientAddressOf(request.headers) };
        await enforceLimits(db, limits.flatMap((pick) => pick(context)));
        return await handler(context);
      } catch (error) {
        return spec.renderError ? spec.renderError(error) : toErrorResponse(error);
      }
    };
  }
}
