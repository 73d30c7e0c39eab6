/**
 * A stand-in LMS: an LTI 1.3 platform on 127.0.0.1 for integration tests of Pagewise, the tool.
 *
 * It does what Canvas or Moodle would do, from the IMS specifications rather than from our tool's code, so a test
 * that passes against it says the tool speaks LTI, not that two halves of our code agree with each other:
 *   - OIDC third-party login and the authentication response (Security Framework 1.0, OpenID Connect launch flow; LTI Core 1.3)
 *   - the OAuth 2 client-credentials grant with a JWT client assertion (Security Framework 1.0; RFC 7523)
 *   - Assignment and Grade Services 2.0: the score publish service (POST <line item>/scores)
 *   - Names and Role Provisioning Services 2.0: the membership container, paged with Link rel="next"
 *   - Deep Linking 2.0: the LtiDeepLinkingRequest and the verification of the tool's LtiDeepLinkingResponse
 *
 * It is strict where a real platform is (signatures, audiences, replays, media types) so the tool's mistakes show
 * up here and not in a university's gradebook. Everything lives in memory; one platform per test file is cheap.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createLocalJWKSet,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from "jose";
import { z } from "zod";

// ---- The vocabulary (claim names, scopes, roles, media types) ----
// Spelled out here from the specifications rather than imported from contract/lti.ts on purpose: a typo there
// would otherwise be made by both sides of every test and never show.

/** Claim names of LTI Core 1.3, AGS 2.0, NRPS 2.0 and Deep Linking 2.0. */
export const LTI_CLAIM = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  targetLinkUri: "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
  resourceLink: "https://purl.imsglobal.org/spec/lti/claim/resource_link",
  roles: "https://purl.imsglobal.org/spec/lti/claim/roles",
  context: "https://purl.imsglobal.org/spec/lti/claim/context",
  agsEndpoint: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  namesRoleService: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  deepLinkingContentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
} as const;

/** OAuth 2 scopes of the services (AGS 2.0, NRPS 2.0): the only ones /token grants. */
export const LTI_SCOPE = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  resultReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  contextMembershipReadonly: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

/** Role URIs (LTI Core 1.3 Appendix A) tests use most; PlatformUser.roles takes any full URI. */
export const LTI_ROLE = {
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
  teachingAssistant: "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
  contentDeveloper: "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper",
  mentor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor",
  institutionAdministrator: "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
  institutionStudent: "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student",
} as const;

const ALL_SCOPES: ReadonlySet<string> = new Set(Object.values(LTI_SCOPE));
const SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json";
const MEMBERSHIP_MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const COURSE_OFFERING = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering";
const ID_TOKEN_LIFETIME_S = 5 * 60;
const ACCESS_TOKEN_LIFETIME_S = 3600;
const MAX_BODY_BYTES = 1_000_000;

// ---- The public surface ----

export interface PlatformUser {
  sub: string;
  name: string;
  email?: string;
  /** full LTI role URIs (LTI_ROLE has the common ones) */
  roles: string[];
}

export interface StandInPlatformOptions {
  clientId?: string; // default "pagewise-client"
  deploymentId?: string; // default "deployment-1"
  /** The tool's redirect URI the platform accepts (our /api/lti/launch). */
  toolRedirectUri: string;
  /** The tool's public keys (the test passes a function that calls our GET /api/lti/jwks handler). */
  toolJwks: () => Promise<{ keys: object[] }>;
  /** Page size of the memberships endpoint (to exercise Link rel="next" pagination); default 2. */
  membershipPageSize?: number;
}

export interface StandInPlatform {
  issuer: string; // "http://127.0.0.1:<port>"
  clientId: string;
  deploymentId: string;
  authUrl: string; // issuer + "/auth"
  tokenUrl: string; // issuer + "/token"
  jwksUrl: string; // issuer + "/jwks"
  /** A context (LMS course) with an id, title, label and its members (the NRPS roster). */
  addContext(context: { id: string; title: string; label?: string; members: PlatformUser[] }): void;
  /** Enrolls one more member in a context (someone who joined the LMS course after it was set up). */
  addMember(contextId: string, member: PlatformUser): void;
  /** A line item in a context; returns its URL (issuer + "/contexts/<ctx>/lineitems/<n>"). */
  addLineItem(contextId: string, item: { label: string; scoreMaximum: number; resourceLinkId?: string }): string;
  /**
   * Prepares what the LMS does when `user` clicks a link: returns the login-initiation parameters the LMS sends to
   * the tool's login URL (iss, login_hint, target_link_uri, lti_message_hint, client_id, lti_deployment_id).
   * kind "resource": an LtiResourceLinkRequest (with the AGS claim when lineItemUrl is given, and the NRPS claim);
   * kind "deep-linking": an LtiDeepLinkingRequest with the deep_linking_settings claim.
   */
  prepareLaunch(launch: {
    user: PlatformUser;
    contextId: string;
    kind: "resource" | "deep-linking";
    targetLinkUri: string;
    resourceLinkId?: string;
    lineItemUrl?: string;
  }): Record<string, string>;
  /**
   * The authorization endpoint as a function (the same code GET /auth runs): validates the query of the tool's
   * authentication request and returns what the auto-submitting form would POST to the tool.
   */
  authorize(query: URLSearchParams): Promise<{ idToken: string; state: string; formAction: string }>;
  /** Signs arbitrary id_token claims for forgery tests: with the published key (default) or a key it never publishes. */
  signIdToken(
    claims: Record<string, unknown>,
    options?: { unpublishedKey?: boolean; kid?: string; expiresInSeconds?: number },
  ): Promise<string>;
  /** The claims the last authorize() put in an id_token (a copy, for tests to tweak and re-sign). */
  lastIdTokenClaims(): Record<string, unknown> | null;
  /** The next `count` POSTs to any .../scores answer `status` (default 503) instead of accepting. */
  failNextScores(count: number, status?: number): void;
  /** Scores the platform accepted (the parsed body and the line item URL), in order. */
  readonly scores: { lineItemUrl: string; body: Record<string, unknown> }[];
  /** Every score request seen, with the status it was answered with. */
  readonly scoreRequests: { lineItemUrl: string; status: number }[];
  /** Access tokens issued by /token, with their scopes and the jti of the client assertion that bought them. */
  readonly tokensIssued: { scope: string; jti: string }[];
  /** Deep-linking responses received at /deep-links/return (or receiveDeepLinkResponse): the verified JWT payload. */
  readonly deepLinkResponses: Record<string, unknown>[];
  /** Verifies a deep-linking response JWT (what the HTTP route does); throws a PlatformRefusal with the reason. */
  receiveDeepLinkResponse(jwt: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * A refusal, as a real platform would word it: `code` is the OAuth 2 / OpenID Connect error code (RFC 6749 §5.2,
 * OIDC Core §3.1.2.6) and `status` the HTTP status the endpoint answers with.
 */
export class PlatformRefusal extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(`${code}: ${message}`);
    this.name = "PlatformRefusal";
    this.code = code;
    this.status = status;
  }
}

export async function startStandInPlatform(options: StandInPlatformOptions): Promise<StandInPlatform> {
  const keys = {
    published: await newSigningKey("platform-key-1"),
    unpublished: await newSigningKey("platform-key-unpublished"),
  };
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const platform = new StandInLms(options, keys, `http://127.0.0.1:${port}`, server);
  server.on("request", (req: IncomingMessage, res: ServerResponse) => void platform.serve(req, res));
  return platform;
}

// ---- Inbound bodies (zod) ----

/** The authentication request (Security Framework 1.0, step 2 of the launch flow; OIDC Core §3.1.2.1). */
const authenticationRequestSchema = z.object({
  scope: z.string().refine((scope) => scope.split(" ").includes("openid"), "must contain openid"),
  response_type: z.literal("id_token"),
  response_mode: z.literal("form_post"),
  prompt: z.literal("none"),
  client_id: z.string().min(1),
  redirect_uri: z.string().min(1),
  login_hint: z.string().min(1),
  lti_message_hint: z.string().min(1),
  nonce: z.string().min(1),
  state: z.string().min(1),
});

/** The access token request (Security Framework 1.0, client credentials grant; RFC 6749 §4.4; RFC 7523 §2.2). */
const tokenRequestSchema = z.object({
  grant_type: z.string().min(1),
  client_assertion_type: z.string().min(1),
  client_assertion: z.string().min(1),
  scope: z.string().min(1),
});

/** A score (AGS 2.0, score publish service): scoreGiven is optional, but needs scoreMaximum when given. Extensions pass through. */
const scoreSchema = z
  .object({
    userId: z.string().min(1),
    scoreGiven: z.number().min(0).optional(),
    scoreMaximum: z.number().positive().optional(),
    comment: z.string().optional(),
    activityProgress: z.enum(["Initialized", "Started", "InProgress", "Submitted", "Completed"]),
    gradingProgress: z.enum(["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"]),
    // ISO 8601 with a zone; sub-second precision is what the spec asks for, so it must be accepted
    timestamp: z.iso.datetime({ offset: true }),
  })
  .refine((score) => score.scoreGiven === undefined || score.scoreMaximum !== undefined, {
    message: "scoreMaximum is required when scoreGiven is present",
    path: ["scoreMaximum"],
  });

/** A content item of a deep-linking response (Deep Linking 2.0); only the parts this platform acts on. */
const contentItemSchema = z.object({
  type: z.string().min(1),
  url: z.string().optional(),
  title: z.string().optional(),
  lineItem: z.object({ scoreMaximum: z.number().positive(), label: z.string().optional() }).optional(),
});

/** The LTI claims of a deep-linking response (Deep Linking 2.0); iss/aud/nonce are checked by jwtVerify. */
const deepLinkingResponseSchema = z.object({
  [LTI_CLAIM.messageType]: z.literal("LtiDeepLinkingResponse"),
  [LTI_CLAIM.version]: z.literal("1.3.0"),
  [LTI_CLAIM.deploymentId]: z.string().min(1),
  [LTI_CLAIM.deepLinkingData]: z.string().optional(),
  [LTI_CLAIM.deepLinkingContentItems]: z.array(contentItemSchema).optional(),
  nonce: z.string().min(1),
});

// ---- The platform ----

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

interface Context {
  id: string;
  title: string;
  label?: string;
  members: PlatformUser[];
}

interface LineItem {
  contextId: string;
  label: string;
  scoreMaximum: number;
  resourceLinkId?: string;
}

/** What prepareLaunch set up, found again by its lti_message_hint when the tool's authentication request arrives. */
interface PreparedLaunch {
  user: PlatformUser;
  contextId: string;
  kind: "resource" | "deep-linking";
  targetLinkUri: string;
  resourceLinkId: string;
  lineItemUrl?: string;
  /** the opaque deep-linking `data` the response must echo */
  data?: string;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

class StandInLms implements StandInPlatform {
  readonly clientId: string;
  readonly deploymentId: string;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly jwksUrl: string;
  readonly scores: { lineItemUrl: string; body: Record<string, unknown> }[] = [];
  readonly scoreRequests: { lineItemUrl: string; status: number }[] = [];
  readonly tokensIssued: { scope: string; jti: string }[] = [];
  readonly deepLinkResponses: Record<string, unknown>[] = [];

  private readonly contexts = new Map<string, Context>();
  private readonly lineItems = new Map<string, LineItem>();
  private readonly launches = new Map<string, PreparedLaunch>();
  private readonly accessTokens = new Map<string, { scopes: Set<string>; expiresAt: number }>();
  private readonly seenAssertionIds = new Set<string>();
  private readonly seenDeepLinkNonces = new Set<string>();
  /** deep-linking `data` values handed out, and whether a response already used them */
  private readonly deepLinkData = new Map<string, { used: boolean }>();
  private readonly injectedScoreFailures = { count: 0, status: 503 };
  private lineItemCount = 0;
  private lastClaims: Record<string, unknown> | null = null;

  constructor(
    private readonly options: StandInPlatformOptions,
    private readonly keys: { published: SigningKey; unpublished: SigningKey },
    readonly issuer: string,
    private readonly server: Server,
  ) {
    this.clientId = options.clientId ?? "pagewise-client";
    this.deploymentId = options.deploymentId ?? "deployment-1";
    this.authUrl = `${issuer}/auth`;
    this.tokenUrl = `${issuer}/token`;
    this.jwksUrl = `${issuer}/jwks`;
  }

  // ---- Setting the scene ----

  addContext(context: { id: string; title: string; label?: string; members: PlatformUser[] }): void {
    if (this.contexts.has(context.id)) throw new Error(`context ${context.id} exists already`);
    this.contexts.set(context.id, { ...context, members: [...context.members] });
  }

  addMember(contextId: string, member: PlatformUser): void {
    this.context(contextId).members.push(member);
  }

  addLineItem(contextId: string, item: { label: string; scoreMaximum: number; resourceLinkId?: string }): string {
    this.context(contextId);
    this.lineItemCount += 1;
    const url = `${this.lineItemsUrl(contextId)}/${this.lineItemCount}`;
    this.lineItems.set(url, { contextId, ...item });
    return url;
  }

  prepareLaunch(launch: {
    user: PlatformUser;
    contextId: string;
    kind: "resource" | "deep-linking";
    targetLinkUri: string;
    resourceLinkId?: string;
    lineItemUrl?: string;
  }): Record<string, string> {
    // An LMS only shows a course's links to its members: a launch by anyone else is a mistake in the test.
    if (!this.isMember(launch.contextId, launch.user.sub))
      throw new Error(`${launch.user.sub} is not a member of ${launch.contextId}`);
    if (launch.lineItemUrl !== undefined && this.lineItems.get(launch.lineItemUrl)?.contextId !== launch.contextId) {
      throw new Error(`${launch.lineItemUrl} is not a line item of ${launch.contextId}`);
    }
    const hint = `msg-${randomUUID()}`;
    const data = launch.kind === "deep-linking" ? `dl-${randomBytes(12).toString("hex")}` : undefined;
    if (data !== undefined) this.deepLinkData.set(data, { used: false });
    this.launches.set(hint, { ...launch, resourceLinkId: launch.resourceLinkId ?? `rl-${randomUUID()}`, data });
    // The third-party initiated login (Security Framework 1.0, step 1; LTI Core 1.3 login parameters)
    return {
      iss: this.issuer,
      login_hint: launch.user.sub,
      target_link_uri: launch.targetLinkUri,
      lti_message_hint: hint,
      client_id: this.clientId,
      lti_deployment_id: this.deploymentId,
    };
  }

  // ---- OIDC authentication (id_token) ----

  async authorize(query: URLSearchParams): Promise<{ idToken: string; state: string; formAction: string }> {
    const request = this.checkAuthenticationRequest(query);
    const claims = this.idTokenClaims(request.launch, request.nonce);
    this.lastClaims = structuredClone(claims);
    const idToken = await sign(claims, this.keys.published);
    return { idToken, state: request.state, formAction: request.redirectUri };
  }

  async signIdToken(
    claims: Record<string, unknown>,
    options: { unpublishedKey?: boolean; kid?: string; expiresInSeconds?: number } = {},
  ): Promise<string> {
    const now = nowSeconds();
    const payload: JWTPayload = { iat: now, exp: now + ID_TOKEN_LIFETIME_S, ...claims };
    if (options.expiresInSeconds !== undefined) payload.exp = now + options.expiresInSeconds;
    const key = options.unpublishedKey ? this.keys.unpublished : this.keys.published;
    return sign(payload, key, options.kid);
  }

  lastIdTokenClaims(): Record<string, unknown> | null {
    return this.lastClaims === null ? null : structuredClone(this.lastClaims);
  }

  /** Checks the authentication request as a platform must (Security Framework 1.0, step 2) before it signs anything. */
  private checkAuthenticationRequest(query: URLSearchParams): {
    launch: PreparedLaunch;
    nonce: string;
    state: string;
    redirectUri: string;
  } {
    const parsed = authenticationRequestSchema.safeParse(Object.fromEntries(query));
    if (!parsed.success) throw new PlatformRefusal("invalid_request", describeIssues(parsed.error));
    const request = parsed.data;
    if (request.client_id !== this.clientId)
      throw new PlatformRefusal("unauthorized_client", `unknown client_id ${request.client_id}`);
    // The redirect URI must match a registered one exactly; the platform must not send an id_token anywhere else.
    if (request.redirect_uri !== this.options.toolRedirectUri) {
      throw new PlatformRefusal(
        "invalid_request",
        `redirect_uri ${request.redirect_uri} is not registered for ${this.clientId}`,
      );
    }
    const launch = this.launches.get(request.lti_message_hint);
    if (!launch) throw new PlatformRefusal("invalid_request", `unknown lti_message_hint ${request.lti_message_hint}`);
    if (launch.user.sub !== request.login_hint)
      throw new PlatformRefusal("login_required", `login_hint ${request.login_hint} is not the user of this launch`);
    return { launch, nonce: request.nonce, state: request.state, redirectUri: request.redirect_uri };
  }

  /** The id_token claims of the launch (LTI Core 1.3 required and optional claims; AGS 2.0; NRPS 2.0; Deep Linking 2.0). */
  private idTokenClaims(launch: PreparedLaunch, nonce: string): Record<string, unknown> {
    const context = this.context(launch.contextId);
    const now = nowSeconds();
    const common: Record<string, unknown> = {
      iss: this.issuer,
      aud: this.clientId,
      azp: this.clientId,
      sub: launch.user.sub,
      iat: now,
      exp: now + ID_TOKEN_LIFETIME_S,
      nonce,
      name: launch.user.name,
      ...(launch.user.email !== undefined ? { email: launch.user.email } : {}),
      [LTI_CLAIM.version]: "1.3.0",
      [LTI_CLAIM.deploymentId]: this.deploymentId,
      [LTI_CLAIM.targetLinkUri]: launch.targetLinkUri,
      [LTI_CLAIM.roles]: launch.user.roles,
      [LTI_CLAIM.context]: {
        id: context.id,
        ...(context.label !== undefined ? { label: context.label } : {}),
        title: context.title,
        type: [COURSE_OFFERING],
      },
      [LTI_CLAIM.namesRoleService]: {
        context_memberships_url: this.membershipsUrl(context.id),
        service_versions: ["2.0"],
      },
    };
    if (launch.kind === "deep-linking") {
      return {
        ...common,
        [LTI_CLAIM.messageType]: "LtiDeepLinkingRequest",
        [LTI_CLAIM.deepLinkingSettings]: {
          deep_link_return_url: `${this.issuer}/deep-links/return`,
          accept_types: ["ltiResourceLink"],
          accept_presentation_document_targets: ["iframe", "window"],
          accept_multiple: true,
          accept_lineitem: true,
          data: launch.data,
        },
      };
    }
    const lineItem = launch.lineItemUrl === undefined ? undefined : this.lineItems.get(launch.lineItemUrl);
    return {
      ...common,
      [LTI_CLAIM.messageType]: "LtiResourceLinkRequest",
      [LTI_CLAIM.resourceLink]: { id: launch.resourceLinkId, title: lineItem?.label ?? "Pagewise" },
      ...(launch.lineItemUrl !== undefined
        ? {
            [LTI_CLAIM.agsEndpoint]: {
              scope: [LTI_SCOPE.lineItem, LTI_SCOPE.resultReadonly, LTI_SCOPE.score],
              lineitems: this.lineItemsUrl(context.id),
              lineitem: launch.lineItemUrl,
            },
          }
        : {}),
    };
  }

  // ---- Deep linking ----

  async receiveDeepLinkResponse(jwt: string): Promise<Record<string, unknown>> {
    const keySet = await this.toolKeySet();
    let payload: JWTPayload;
    try {
      // The tool is the issuer (its client_id) and the platform the audience (Deep Linking 2.0 response message).
      ({ payload } = await jwtVerify(jwt, keySet, {
        algorithms: ["RS256"],
        issuer: this.clientId,
        audience: this.issuer,
        requiredClaims: ["iat", "exp", "nonce"],
      }));
    } catch (error) {
      throw new PlatformRefusal("invalid_request", `deep-linking response: ${describeJwtError(error)}`);
    }
    const parsed = deepLinkingResponseSchema.safeParse(payload);
    if (!parsed.success)
      throw new PlatformRefusal("invalid_request", `deep-linking response: ${describeIssues(parsed.error)}`);
    const response = parsed.data;
    if (response[LTI_CLAIM.deploymentId] !== this.deploymentId) {
      throw new PlatformRefusal(
        "invalid_request",
        `deep-linking response: unknown deployment_id ${response[LTI_CLAIM.deploymentId]}`,
      );
    }
    this.checkEchoedData(response[LTI_CLAIM.deepLinkingData]);
    const refused = (response[LTI_CLAIM.deepLinkingContentItems] ?? []).find((item) => item.type !== "ltiResourceLink");
    if (refused)
      throw new PlatformRefusal(
        "invalid_request",
        `deep-linking response: content item type ${refused.type} was not in accept_types`,
      );
    if (this.seenDeepLinkNonces.has(response.nonce))
      throw new PlatformRefusal("invalid_request", "deep-linking response: nonce replayed");
    this.seenDeepLinkNonces.add(response.nonce);
    this.deepLinkResponses.push(payload);
    return payload;
  }

  /** Every request this platform sends carries `data`; the response must echo one it handed out, once. */
  private checkEchoedData(data: string | undefined): void {
    if (data === undefined)
      throw new PlatformRefusal(
        "invalid_request",
        "deep-linking response: the data claim of the request was not echoed",
      );
    const issued = this.deepLinkData.get(data);
    if (!issued)
      throw new PlatformRefusal(
        "invalid_request",
        "deep-linking response: data does not match any deep-linking request",
      );
    if (issued.used)
      throw new PlatformRefusal("invalid_request", "deep-linking response: that request was answered already");
    issued.used = true;
  }

  // ---- Scores and memberships ----

  failNextScores(count: number, status = 503): void {
    this.injectedScoreFailures.count = count;
    this.injectedScoreFailures.status = status;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  // ---- HTTP ----

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: Reply;
    try {
      reply = await this.route(req, new URL(req.url ?? "/", this.issuer));
    } catch (error) {
      reply =
        error instanceof PlatformRefusal
          ? text(error.status, error.message)
          : text(500, `stand-in platform: ${errorMessage(error)}`);
    }
    res.writeHead(reply.status, reply.headers ?? {});
    res.end(reply.body);
  }

  private async route(req: IncomingMessage, url: URL): Promise<Reply> {
    const method = req.method ?? "GET";
    const path = url.pathname;
    if (path === "/jwks" && method === "GET") return json(200, { keys: [this.keys.published.publicJwk] });
    if (path === "/auth" && (method === "GET" || method === "POST")) return this.authEndpoint(req, url);
    if (path === "/token" && method === "POST") return this.tokenEndpoint(req);
    if (path === "/deep-links/return" && method === "POST") return this.deepLinkReturnEndpoint(req);
    if (/^\/contexts\/[^/]+\/lineitems\/\d+\/scores$/.test(path) && method === "POST") {
      return this.scoreEndpoint(req, `${this.issuer}${path.slice(0, -"/scores".length)}`);
    }
    const memberships = /^\/contexts\/([^/]+)\/memberships$/.exec(path);
    if (memberships?.[1] !== undefined && method === "GET")
      return this.membershipsEndpoint(req, url, decodeURIComponent(memberships[1]));
    return text(404, `no route ${method} ${path}`);
  }

  /** GET (query) or POST (form) /auth: the auto-submitting form_post response, or 400 without redirecting. */
  private async authEndpoint(req: IncomingMessage, url: URL): Promise<Reply> {
    const query = req.method === "POST" ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const { idToken, state, formAction } = await this.authorize(query);
    return {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
      body: autoSubmitForm(formAction, { id_token: idToken, state }),
    };
  }

  /** POST /token: a bearer token for the scopes, to a tool that proves who it is with a signed client assertion. */
  private async tokenEndpoint(req: IncomingMessage): Promise<Reply> {
    try {
      if (mediaType(req.headers["content-type"]) !== "application/x-www-form-urlencoded") {
        throw new PlatformRefusal("invalid_request", "the token request must be application/x-www-form-urlencoded");
      }
      const parsed = tokenRequestSchema.safeParse(Object.fromEntries(new URLSearchParams(await readBody(req))));
      if (!parsed.success) throw new PlatformRefusal("invalid_request", describeIssues(parsed.error));
      const request = parsed.data;
      if (request.grant_type !== "client_credentials")
        throw new PlatformRefusal("unsupported_grant_type", `grant_type ${request.grant_type}`);
      if (request.client_assertion_type !== CLIENT_ASSERTION_TYPE)
        throw new PlatformRefusal("invalid_request", `client_assertion_type ${request.client_assertion_type}`);
      const jti = await this.authenticateClient(request.client_assertion);
      const scopes = request.scope.split(" ").filter((scope) => scope !== "");
      const unknown = scopes.filter((scope) => !ALL_SCOPES.has(scope));
      if (scopes.length === 0 || unknown.length > 0)
        throw new PlatformRefusal("invalid_scope", `not grantable: ${unknown.join(" ") || "(none asked)"}`);
      return json(200, this.issueAccessToken(scopes, jti), { "cache-control": "no-store", pragma: "no-cache" });
    } catch (error) {
      if (!(error instanceof PlatformRefusal)) throw error;
      // RFC 6749 §5.2: a JSON error object; invalid_client is 401.
      return json(error.status, { error: error.code, error_description: error.message });
    }
  }

  /**
   * Verifies the client assertion (Security Framework 1.0; RFC 7523 §3): signed by a key of the tool's
   * JWKS, iss = sub = client_id, aud naming the token endpoint, not expired, and a jti never seen before.
   */
  private async authenticateClient(assertion: string): Promise<string> {
    const keySet = await this.toolKeySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(assertion, keySet, {
        algorithms: ["RS256"],
        issuer: this.clientId,
        subject: this.clientId,
        audience: this.tokenUrl,
        requiredClaims: ["iat", "exp", "jti"],
      }));
    } catch (error) {
      throw new PlatformRefusal("invalid_client", `client assertion: ${describeJwtError(error)}`, 401);
    }
    const jti = String(payload.jti);
    if (this.seenAssertionIds.has(jti))
      throw new PlatformRefusal("invalid_client", `client assertion: jti ${jti} was used before`, 401);
    this.seenAssertionIds.add(jti);
    return jti;
  }

  private issueAccessToken(scopes: string[], jti: string) {
    const token = randomBytes(24).toString("base64url");
    this.accessTokens.set(token, { scopes: new Set(scopes), expiresAt: Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000 });
    const scope = scopes.join(" ");
    this.tokensIssued.push({ scope, jti });
    return { access_token: token, token_type: "Bearer", expires_in: ACCESS_TOKEN_LIFETIME_S, scope };
  }

  /** A 401 unless the request carries a live bearer token granted `scope` (RFC 6750 §3). */
  private checkBearer(req: IncomingMessage, scope: string): Reply | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const granted = match?.[1] === undefined ? undefined : this.accessTokens.get(match[1]);
    const challenge = (error: string, description: string): Reply => ({
      status: 401,
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "www-authenticate": `Bearer error="${error}", scope="${scope}"`,
      },
      body: `${error}: ${description}`,
    });
    if (!match) return challenge("invalid_request", "no bearer token");
    if (!granted || granted.expiresAt <= Date.now()) return challenge("invalid_token", "unknown or expired token");
    if (!granted.scopes.has(scope)) return challenge("insufficient_scope", `the token was not granted ${scope}`);
    return undefined;
  }

  /** POST <line item>/scores (AGS 2.0 score publish service); every request is recorded with the status it got. */
  private async scoreEndpoint(req: IncomingMessage, lineItemUrl: string): Promise<Reply> {
    const body = await readBody(req);
    const reply = this.acceptScore(req, lineItemUrl, body);
    this.scoreRequests.push({ lineItemUrl, status: reply.status });
    return reply;
  }

  private acceptScore(req: IncomingMessage, lineItemUrl: string, rawBody: string): Reply {
    // An injected outage answers before anything else, as a load balancer in front of the LMS would.
    if (this.injectedScoreFailures.count > 0) {
      this.injectedScoreFailures.count -= 1;
      return text(this.injectedScoreFailures.status, "injected failure (failNextScores)");
    }
    const unauthorized = this.checkBearer(req, LTI_SCOPE.score);
    if (unauthorized) return unauthorized;
    const lineItem = this.lineItems.get(lineItemUrl);
    if (!lineItem) return text(404, `no line item ${lineItemUrl}`);
    if (mediaType(req.headers["content-type"]) !== SCORE_MEDIA_TYPE)
      return text(415, `a score must be sent as ${SCORE_MEDIA_TYPE}`);
    const body = parseJsonObject(rawBody);
    if (!body) return text(400, "the body is not a JSON object");
    const parsed = scoreSchema.safeParse(body);
    if (!parsed.success) return text(400, describeIssues(parsed.error));
    if (!this.isMember(lineItem.contextId, parsed.data.userId))
      return text(400, `userId ${parsed.data.userId} is not a member of ${lineItem.contextId}`);
    this.scores.push({ lineItemUrl, body });
    return { status: 204 };
  }

  /** GET /contexts/<id>/memberships[?page=N] (NRPS 2.0): one page of the roster, Link rel="next" to the rest. */
  private membershipsEndpoint(req: IncomingMessage, url: URL, contextId: string): Reply {
    const unauthorized = this.checkBearer(req, LTI_SCOPE.contextMembershipReadonly);
    if (unauthorized) return unauthorized;
    const accepted = (req.headers.accept ?? "").split(",").some((part) => mediaType(part) === MEMBERSHIP_MEDIA_TYPE);
    if (!accepted) return text(406, `Accept must include ${MEMBERSHIP_MEDIA_TYPE}`);
    const context = this.contexts.get(contextId);
    if (!context) return text(404, `no context ${contextId}`);
    const page = z.coerce
      .number()
      .int()
      .min(1)
      .safeParse(url.searchParams.get("page") ?? "1");
    if (!page.success) return text(400, "page must be a whole number from 1");
    const pageSize = this.options.membershipPageSize ?? 2;
    const start = (page.data - 1) * pageSize;
    const members = context.members.slice(start, start + pageSize).map((member) => ({
      status: "Active",
      name: member.name,
      ...(member.email !== undefined ? { email: member.email } : {}),
      user_id: member.sub,
      roles: member.roles,
    }));
    const container = {
      id: this.membershipsUrl(context.id),
      context: {
        id: context.id,
        ...(context.label !== undefined ? { label: context.label } : {}),
        title: context.title,
      },
      members,
    };
    const headers: Record<string, string> = {};
    if (start + pageSize < context.members.length)
      headers.link = `<${this.membershipsUrl(context.id)}?page=${page.data + 1}>; rel="next"`;
    return {
      status: 200,
      headers: { ...headers, "content-type": MEMBERSHIP_MEDIA_TYPE },
      body: JSON.stringify(container),
    };
  }

  /** POST /deep-links/return (form field JWT): the tool sends the instructor back with the chosen items. */
  private async deepLinkReturnEndpoint(req: IncomingMessage): Promise<Reply> {
    const jwt = new URLSearchParams(await readBody(req)).get("JWT");
    if (!jwt) return text(400, "invalid_request: no JWT form field");
    await this.receiveDeepLinkResponse(jwt);
    return {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: "<!doctype html><title>Items added</title><p>Items added</p>",
    };
  }

  // ---- Lookups ----

  private context(contextId: string): Context {
    const context = this.contexts.get(contextId);
    if (!context) throw new Error(`no context ${contextId} (addContext first)`);
    return context;
  }

  private isMember(contextId: string, sub: string): boolean {
    return this.contexts.get(contextId)?.members.some((member) => member.sub === sub) ?? false;
  }

  private lineItemsUrl(contextId: string): string {
    return `${this.issuer}/contexts/${encodeURIComponent(contextId)}/lineitems`;
  }

  private membershipsUrl(contextId: string): string {
    return `${this.issuer}/contexts/${encodeURIComponent(contextId)}/memberships`;
  }

  /** The tool's keys, read afresh each time: a test may rotate the tool's key between two requests. */
  private async toolKeySet() {
    try {
      return createLocalJWKSet((await this.options.toolJwks()) as unknown as JSONWebKeySet);
    } catch (error) {
      throw new PlatformRefusal("invalid_client", `the tool's JWKS could not be read: ${errorMessage(error)}`, 401);
    }
  }
}

// ---- Small helpers ----

async function newSigningKey(kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** RS256 with a kid header, as LTI Core 1.3 and Security Framework 1.0 require of every message. */
function sign(claims: JWTPayload, key: SigningKey, kid = key.kid): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(key.privateKey);
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new PlatformRefusal("invalid_request", "body too large", 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJsonObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** "application/json; charset=utf-8" -> "application/json" */
function mediaType(header: string | undefined): string | undefined {
  return header?.split(";")[0]?.trim().toLowerCase();
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(value) };
}

function text(status: number, message: string): Reply {
  return { status, headers: { "content-type": "text/plain; charset=utf-8" }, body: message };
}

/** The OIDC form_post response mode: an HTML form that posts itself to the tool's redirect URI. */
function autoSubmitForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(action)}">${inputs}<noscript><button>Continue</button></noscript></form></body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ");
}

/** jose's error code and message, e.g. `ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected "aud" claim value`. */
function describeJwtError(error: unknown): string {
  return error instanceof joseErrors.JOSEError ? `${error.code}: ${error.message}` : errorMessage(error);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
