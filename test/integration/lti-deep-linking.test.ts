import { randomUUID } from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../generated/prisma/client";
import { RequestError } from "../../server/errors";
import { answerDeepLink, deepLinkingCatalog, findOwnDeepLink } from "../../server/lti/deep-linking";
import { publishedJwks } from "../../server/lti/keys";
import { createCourseFixture, createUser, testDb } from "../helpers/db";

/**
 * answerDeepLink (Deep Linking 2.0, 4.2) as an LMS would check it: the response verified with the tool's published
 * keys, its claims as the specification names them (spelled out here, not taken from contract/lti.ts, so a typo there
 * shows), a line item on exercises only, the request's data echoed, the one-item rule, and the refusals.
 */
const CLAIM = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  data: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
};
const PUBLIC_URL = "https://pagewise.example.edu";
const ISSUER = `https://lms-${randomUUID().slice(0, 8)}.example.edu`;
const CLIENT_ID = "pagewise-client-7";
const RETURN_URL = `${ISSUER}/deep_linking/return?x=1`;

let db: PrismaClient;
let platformId: string;
let instructor: { id: string };
let courseId: string;
let exerciseId: string;
const lessonId = () => `${courseId}/l`;

beforeAll(async () => {
  db = testDb();
  const platform = await db.ltiPlatform.create({
    data: { issuer: ISSUER, clientId: CLIENT_ID, name: "Test LMS", authUrl: `${ISSUER}/auth`, tokenUrl: `${ISSUER}/token`, jwksUrl: `${ISSUER}/jwks` },
  });
  platformId = platform.id;
  instructor = await createUser(db, "instructor");
  ({ courseId, exerciseId } = await createCourseFixture(db, `dl-${randomUUID().slice(0, 8)}`, 15));
});

afterAll(async () => {
  await db.$disconnect();
});

interface LinkOptions {
  settings?: Record<string, unknown>;
  data?: string | null;
  contextId?: string | null;
  contextTitle?: string | null;
  userId?: string;
  expiresAt?: Date;
  usedAt?: Date | null;
}

/** A deep-linking request as the launch stores it. */
async function createLink(options: LinkOptions = {}): Promise<string> {
  const id = randomUUID();
  await db.ltiDeepLink.create({
    data: {
      id,
      platformId,
      deploymentId: "deployment-1",
      userId: options.userId ?? instructor.id,
      returnUrl: RETURN_URL,
      data: options.data === undefined ? "opaque-data-42" : options.data,
      settings: JSON.stringify(options.settings ?? { accept_types: ["ltiResourceLink"], accept_presentation_document_targets: ["iframe", "window"], accept_multiple: true, accept_lineitem: true, deep_link_return_url: RETURN_URL }),
      contextId: options.contextId === undefined ? `ctx-${randomUUID().slice(0, 8)}` : options.contextId,
      contextTitle: options.contextTitle === undefined ? "Paging 101 (Fall)" : options.contextTitle,
      expiresAt: options.expiresAt ?? new Date(Date.now() + 60 * 60 * 1000),
      usedAt: options.usedAt ?? null,
    },
  });
  return id;
}

/** Verifies the response as the platform does: the tool's published keys, RS256, iss = our client id, aud = its issuer. */
async function verify(jwt: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(jwt, createLocalJWKSet(await publishedJwks(db)), { algorithms: ["RS256"], issuer: CLIENT_ID, audience: ISSUER });
  return payload;
}

const answer = (linkId: string, items: { kind: "course" | "lesson" | "exercise"; id: string }[], userId = instructor.id) =>
  answerDeepLink(db, { linkId, userId, items, publicUrl: `${PUBLIC_URL}/` });

const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(() => null, (reason: unknown) => reason);
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return { status: error.status as number, code: error.code };
};

describe("answerDeepLink", () => {
  it("signs an LtiDeepLinkingResponse the platform verifies, with the picked items as resource links", async () => {
    const linkId = await createLink();
    const { returnUrl, jwt } = await answer(linkId, [
      { kind: "lesson", id: lessonId() },
      { kind: "exercise", id: exerciseId },
      { kind: "course", id: courseId },
    ]);
    expect(returnUrl).toBe(RETURN_URL);
    const keys = await publishedJwks(db);
    expect(keys.keys.map((key) => key.kid)).toContain(decodeProtectedHeader(jwt).kid);

    const claims = await verify(jwt);
    expect(claims.iss).toBe(CLIENT_ID);
    expect(claims.aud).toBe(ISSUER);
    expect(typeof claims.nonce).toBe("string");
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
    expect(Math.abs((claims.iat ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    expect(claims[CLAIM.messageType]).toBe("LtiDeepLinkingResponse");
    expect(claims[CLAIM.version]).toBe("1.3.0");
    expect(claims[CLAIM.deploymentId]).toBe("deployment-1");
    expect(claims[CLAIM.data]).toBe("opaque-data-42");
    expect(claims[CLAIM.contentItems]).toEqual([
      { type: "ltiResourceLink", url: `${PUBLIC_URL}/courses/${courseId}/l`, title: "L", text: "s" },
      {
        type: "ltiResourceLink",
        url: `${PUBLIC_URL}/courses/${courseId}/exercises/${exerciseId}`,
        title: "E",
        text: expect.stringContaining("15 points") as unknown,
        lineItem: { scoreMaximum: 15, label: "E", resourceId: exerciseId, tag: "pagewise" },
      },
      { type: "ltiResourceLink", url: `${PUBLIC_URL}/courses/${courseId}`, title: "Test course", text: "s" },
    ]);
    // Each response has its own nonce.
    const again = await verify((await answer(await createLink(), [{ kind: "course", id: courseId }])).jwt);
    expect(again.nonce).not.toBe(claims.nonce);
  });

  it("marks the request used and binds the LMS course to the picked items' course", async () => {
    const contextId = `ctx-${randomUUID().slice(0, 8)}`;
    // The LMS course is already bound to another Pagewise course, with its roster service: the new binding takes it.
    const other = await createCourseFixture(db, `dl-${randomUUID().slice(0, 8)}`);
    await db.ltiContext.create({ data: { platformId, deploymentId: "deployment-1", contextId, title: "Old title", courseId: other.courseId, membershipsUrl: `${ISSUER}/api/memberships/1` } });
    const linkId = await createLink({ contextId, contextTitle: "Paging 101 (Fall)" });
    await answer(linkId, [{ kind: "exercise", id: exerciseId }]);

    expect((await db.ltiDeepLink.findUniqueOrThrow({ where: { id: linkId } })).usedAt).not.toBeNull();
    const bound = await db.ltiContext.findUniqueOrThrow({ where: { platformId_contextId_courseId: { platformId, contextId, courseId } } });
    expect([bound.title, bound.deploymentId, bound.membershipsUrl]).toEqual(["Paging 101 (Fall)", "deployment-1", `${ISSUER}/api/memberships/1`]);

    // A request without an LMS course binds nothing.
    const before = await db.ltiContext.count();
    await answer(await createLink({ contextId: null, contextTitle: null }), [{ kind: "course", id: courseId }]);
    expect(await db.ltiContext.count()).toBe(before);
  });

  it("puts no line item on exercises when the LMS takes none, and no data claim when the request had none", async () => {
    const linkId = await createLink({ data: null, settings: { accept_types: ["ltiResourceLink"], accept_multiple: "true", accept_lineitem: false } });
    const claims = await verify((await answer(linkId, [{ kind: "exercise", id: exerciseId }, { kind: "lesson", id: lessonId() }])).jwt);
    const items = claims[CLAIM.contentItems] as Record<string, unknown>[];
    expect(items).toHaveLength(2);
    expect(items.every((item) => !("lineItem" in item))).toBe(true);
    expect(CLAIM.data in claims).toBe(false);
  });

  it("takes one item only when the LMS does not accept several (accept_multiple false or absent)", async () => {
    const lesson = { kind: "lesson" as const, id: lessonId() };
    const exercise = { kind: "exercise" as const, id: exerciseId };
    const two = [lesson, exercise];
    const single = await createLink({ settings: { accept_types: ["ltiResourceLink"], accept_multiple: false } });
    expect(await refusal(answer(single, two))).toEqual({ status: 422, code: "one_item_only" });
    expect((await db.ltiDeepLink.findUniqueOrThrow({ where: { id: single } })).usedAt).toBeNull(); // still answerable
    const claims = await verify((await answer(single, [exercise])).jwt);
    expect(claims[CLAIM.contentItems]).toHaveLength(1);

    const unstated = await createLink({ settings: { accept_types: ["ltiResourceLink"] } });
    expect(await refusal(answer(unstated, two))).toEqual({ status: 422, code: "one_item_only" });
    // The same item ticked twice is one item.
    await expect(answer(unstated, [lesson, lesson])).resolves.toMatchObject({ returnUrl: RETURN_URL });
  });

  it("refuses an unknown, foreign, used or expired request, content not in the catalog, and an LMS that takes no links", async () => {
    expect(await refusal(answer("no-such-link", [{ kind: "course", id: courseId }]))).toEqual({ status: 404, code: "deep_link_not_found" });

    const someoneElse = await createUser(db, "instructor");
    const foreign = await createLink();
    expect(await refusal(answer(foreign, [{ kind: "course", id: courseId }], someoneElse.id))).toEqual({ status: 403, code: "not_your_deep_link" });

    const used = await createLink();
    await answer(used, [{ kind: "course", id: courseId }]);
    expect(await refusal(answer(used, [{ kind: "course", id: courseId }]))).toEqual({ status: 410, code: "deep_link_used" });
    expect(await refusal(answer(await createLink({ usedAt: new Date() }), [{ kind: "course", id: courseId }]))).toEqual({ status: 410, code: "deep_link_used" });

    const expired = await createLink({ expiresAt: new Date(Date.now() - 1000) });
    expect(await refusal(answer(expired, [{ kind: "course", id: courseId }]))).toEqual({ status: 410, code: "deep_link_expired" });

    const missing = await createLink();
    expect(await refusal(answer(missing, [{ kind: "exercise", id: "no-such-exercise" }, { kind: "course", id: courseId }]))).toEqual({ status: 404, code: "content_not_found" });
    expect((await db.ltiDeepLink.findUniqueOrThrow({ where: { id: missing } })).usedAt).toBeNull();
    // A lesson's id is "<course>/<slug>": its slug alone is not one.
    expect(await refusal(answer(missing, [{ kind: "lesson", id: "l" }]))).toEqual({ status: 404, code: "content_not_found" });

    const noLinks = await createLink({ settings: { accept_types: ["link", "file"], accept_multiple: true } });
    expect(await refusal(answer(noLinks, [{ kind: "course", id: courseId }]))).toEqual({ status: 422, code: "links_not_accepted" });
  });
});

describe("the picker's reads", () => {
  it("shows a request to its instructor only, with its state and settings", async () => {
    const open = await createLink({ settings: { accept_types: ["ltiResourceLink"], accept_multiple: false, accept_lineitem: false } });
    expect(await findOwnDeepLink(db, open, instructor.id)).toMatchObject({ id: open, platformName: "Test LMS", contextTitle: "Paging 101 (Fall)", state: "open", acceptMultiple: false, acceptLineItem: false, acceptsResourceLinks: true });
    expect(await findOwnDeepLink(db, open, (await createUser(db)).id)).toBeNull();
    expect(await findOwnDeepLink(db, "no-such-link", instructor.id)).toBeNull();
    expect((await findOwnDeepLink(db, await createLink({ usedAt: new Date() }), instructor.id))?.state).toBe("used");
    expect((await findOwnDeepLink(db, await createLink({ expiresAt: new Date(Date.now() - 1) }), instructor.id))?.state).toBe("expired");
    // Settings that do not parse read as the conservative defaults: one item, line items welcome.
    await db.ltiDeepLink.update({ where: { id: open }, data: { settings: "not json" } });
    expect(await findOwnDeepLink(db, open, instructor.id)).toMatchObject({ acceptMultiple: false, acceptLineItem: true, acceptsResourceLinks: true });
  });

  it("lists the catalog as courses, modules, lessons and exercises with their points", async () => {
    const catalog = await deepLinkingCatalog(db);
    const course = catalog.find((c) => c.id === courseId);
    expect(course).toEqual({
      id: courseId,
      title: "Test course",
      summary: "s",
      modules: [{ id: `${courseId}/m`, title: "M", lessons: [{ id: lessonId(), slug: "l", title: "L", summary: "s", exercises: [{ id: exerciseId, title: "E", maxScore: 15 }] }] }],
    });
  });
});
