import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../generated/prisma/client";
import { RequestError } from "../../server/errors";
import { nextPageUrl } from "../../server/lti/nrps";
import { pullRoster } from "../../server/lti/roster";
import type { TokenPlatform } from "../../server/lti/service-token";
import { actorOf, createCourseFixture, createUser, testDb } from "../helpers/db";

/**
 * pullRoster (NRPS 2.0) against a tiny roster service on 127.0.0.1: two pages joined by Link rel="next", a revoked
 * token answered with a 401 (forgotten, then retried with a fresh one), roles mapped to course roles, an inactive
 * member counted but not enrolled, a member already linked to a Pagewise account, and the audit entry. Spelled
 * out here rather than taken from contract/lti.ts, so a typo there shows.
 */
const MEMBERSHIP_MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
const MEMBERSHIP_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const ROLE = {
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
  ta: "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
};
const ISSUER = `https://lms-${randomUUID().slice(0, 8)}.example.edu`;

interface Member {
  user_id: string;
  roles: string[];
  status?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
}

/** The roster service: its pages by context, what it has seen, and the tokens it no longer takes. */
const service = {
  pages: new Map<string, Member[][]>(),
  requests: [] as { path: string; authorization: string | undefined; accept: string | undefined }[],
  revoked: new Set<string>(),
  /** Per context: a Link to another origin instead of the next page (a platform pointing our token elsewhere). */
  foreignNext: new Set<string>(),
};
let server: Server;
let base: string;

function answer(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? "/", base);
  service.requests.push({ path: `${url.pathname}${url.search}`, authorization: request.headers.authorization, accept: request.headers.accept });
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  if (!token || service.revoked.has(token)) return void response.writeHead(401, { "content-type": "application/json" }).end('{"error":"invalid_token"}');
  if (request.headers.accept !== MEMBERSHIP_MEDIA_TYPE) return void response.writeHead(406).end();
  const context = /^\/roster\/([^/]+)$/.exec(url.pathname)?.[1] ?? "";
  if (context === "broken") return void response.writeHead(500).end("the roster database is down");
  const pages = service.pages.get(context);
  const page = Number(url.searchParams.get("page") ?? "1");
  const members = pages?.[page - 1];
  if (!pages || !members) return void response.writeHead(404).end();
  const headers: Record<string, string> = { "content-type": MEMBERSHIP_MEDIA_TYPE };
  if (page < pages.length) {
    const next = service.foreignNext.has(context) ? `http://localhost:${(server.address() as AddressInfo).port}/roster/${context}?page=${page + 1}` : `/roster/${context}?page=${page + 1}`;
    headers.link = `<${base}/roster/${context}?differences=1>; rel="differences", <${next}>; rel="next"`;
  }
  response.writeHead(200, headers).end(JSON.stringify({ id: url.toString(), context: { id: context, title: "Paging 101" }, members }));
}

/** A stand-in for the token cache: token-1 until it is forgotten, then token-2, and so on. */
function fakeTokens() {
  const calls = { tokenFor: [] as string[][], forget: 0 };
  let generation = 1;
  return {
    calls,
    tokens: {
      async tokenFor(_platform: TokenPlatform, scopes: readonly string[]) {
        calls.tokenFor.push([...scopes]);
        return `token-${generation}`;
      },
      forget() {
        calls.forget++;
        generation++;
      },
    },
  };
}

let db: PrismaClient;
let platformId: string;

beforeAll(async () => {
  db = testDb();
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const platform = await db.ltiPlatform.create({
    data: { issuer: ISSUER, clientId: "client-1", name: "Test LMS", authUrl: `${ISSUER}/auth`, tokenUrl: `${ISSUER}/token`, jwksUrl: `${ISSUER}/jwks` },
  });
  platformId = platform.id;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.$disconnect();
});

/** A course with an instructor, bound to an LMS course whose roster is at /roster/<contextId>. */
async function boundCourse(contextId: string, options: { membershipsUrl?: string | null } = {}) {
  const { courseId } = await createCourseFixture(db, `roster-${randomUUID().slice(0, 8)}`);
  const instructor = await createUser(db, "instructor");
  await db.enrollment.create({ data: { userId: instructor.id, courseId, role: "instructor" } });
  const membershipsUrl = options.membershipsUrl === undefined ? `${base}/roster/${contextId}` : options.membershipsUrl;
  await db.ltiContext.create({ data: { platformId, deploymentId: "deployment-1", contextId, title: "Paging 101", courseId, membershipsUrl } });
  return { courseId, instructor };
}

const roleOf = async (courseId: string, sub: string) => {
  const link = await db.ltiUser.findUnique({ where: { issuer_sub: { issuer: ISSUER, sub } }, select: { userId: true } });
  if (!link) return null;
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId: link.userId, courseId } }, select: { role: true } });
  return enrollment?.role ?? "not enrolled";
};
const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(() => null, (reason: unknown) => reason);
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return { status: error.status as number, code: error.code, message: error.message };
};

describe("pullRoster", () => {
  it("reads every page, retries a 401 with a fresh token, enrolls active members with their LMS roles and records the pull", async () => {
    const contextId = `ctx-${randomUUID().slice(0, 8)}`;
    const { courseId, instructor } = await boundCourse(contextId);
    // Someone who launched before: already linked to their Pagewise account and enrolled as a learner.
    const linked = await createUser(db);
    await db.ltiUser.create({ data: { issuer: ISSUER, sub: `${contextId}-linked`, userId: linked.id } });
    await db.enrollment.create({ data: { userId: linked.id, courseId, role: "learner" } });
    const sub = (name: string) => `${contextId}-${name}`;
    service.pages.set(contextId, [
      [
        { user_id: sub("teacher"), roles: [ROLE.instructor], status: "Active", name: "Tess Teacher", email: "tess@example.edu" },
        { user_id: sub("ada"), roles: [ROLE.learner], name: "Ada L", email: `ada-${contextId}@example.edu` },
        { user_id: sub("linked"), roles: [ROLE.learner], status: "Active", name: "Lin Ked" },
      ],
      [
        { user_id: sub("bob"), roles: [ROLE.learner], given_name: "Bob", family_name: "K", email: "not an email" },
        { user_id: sub("gone"), roles: [ROLE.learner], status: "Inactive", name: "Gone Away" },
        { user_id: sub("tara"), roles: [ROLE.ta], name: "Tara A" },
      ],
    ]);
    service.revoked.add("token-1");
    service.requests.length = 0;
    const { tokens, calls } = fakeTokens();

    const summary = await pullRoster(db, tokens, actorOf(instructor), courseId);

    expect(summary).toEqual({ contexts: 1, added: 4, updated: 0, unchanged: 1, inactive: 1, created: 4 });
    // The 401 was answered by forgetting the token and asking once more; both pages then went with the fresh one.
    expect(calls.forget).toBe(1);
    expect(calls.tokenFor.every((scopes) => scopes.length === 1 && scopes[0] === MEMBERSHIP_SCOPE)).toBe(true);
    expect(service.requests.map((r) => [r.path, r.authorization])).toEqual([
      [`/roster/${contextId}`, "Bearer token-1"],
      [`/roster/${contextId}`, "Bearer token-2"],
      [`/roster/${contextId}?page=2`, "Bearer token-2"],
    ]);
    expect(service.requests.every((r) => r.accept === MEMBERSHIP_MEDIA_TYPE)).toBe(true);

    expect(await roleOf(courseId, sub("teacher"))).toBe("instructor");
    expect(await roleOf(courseId, sub("tara"))).toBe("ta");
    expect(await roleOf(courseId, sub("ada"))).toBe("learner");
    expect(await roleOf(courseId, sub("bob"))).toBe("learner");
    expect(await roleOf(courseId, sub("linked"))).toBe("learner");
    expect(await roleOf(courseId, sub("gone"))).toBeNull(); // inactive: no account made for them

    const ada = await db.ltiUser.findUniqueOrThrow({ where: { issuer_sub: { issuer: ISSUER, sub: sub("ada") } }, include: { user: true } });
    expect([ada.user.name, ada.user.email]).toEqual(["Ada L", `ada-${contextId}@example.edu`]);
    const bob = await db.ltiUser.findUniqueOrThrow({ where: { issuer_sub: { issuer: ISSUER, sub: sub("bob") } }, include: { user: true } });
    expect(bob.user.name).toBe("Bob K");
    expect(bob.user.email).toMatch(/@lms\.invalid$/); // the LMS's malformed address is not used
    // The account linked before stays the one (no second account for the same person).
    expect((await db.ltiUser.findUniqueOrThrow({ where: { issuer_sub: { issuer: ISSUER, sub: sub("linked") } } })).userId).toBe(linked.id);

    const context = await db.ltiContext.findFirstOrThrow({ where: { courseId } });
    expect(context.lastRosterPullAt).not.toBeNull();
    const entries = await db.auditEntry.findMany({ where: { courseId, action: "lti.roster_pull" } });
    expect(entries.map((e) => [e.targetType, e.targetId, e.actorId, JSON.parse(e.after ?? "null")])).toEqual([["course", courseId, instructor.id, summary]]);
  });

  it("makes no second account on a second pull, changes roles the LMS changed, and leaves inactive members enrolled", async () => {
    const contextId = `ctx-${randomUUID().slice(0, 8)}`;
    const { courseId, instructor } = await boundCourse(contextId);
    const sub = (name: string) => `${contextId}-${name}`;
    service.pages.set(contextId, [
      [{ user_id: sub("ada"), roles: [ROLE.learner], name: "Ada L" }],
      [{ user_id: sub("bob"), roles: [ROLE.learner], name: "Bob K" }],
    ]);
    const { tokens } = fakeTokens();
    expect(await pullRoster(db, tokens, actorOf(instructor), courseId)).toEqual({ contexts: 1, added: 2, updated: 0, unchanged: 0, inactive: 0, created: 2 });
    const usersBefore = await db.user.count();

    // Ada became a teaching assistant; Bob dropped the course.
    service.pages.set(contextId, [
      [{ user_id: sub("ada"), roles: [ROLE.ta], name: "Ada L" }],
      [{ user_id: sub("bob"), roles: [ROLE.learner], status: "Deleted", name: "Bob K" }],
    ]);
    expect(await pullRoster(db, tokens, actorOf(instructor), courseId)).toEqual({ contexts: 1, added: 0, updated: 1, unchanged: 0, inactive: 1, created: 0 });
    expect(await db.user.count()).toBe(usersBefore);
    expect(await db.ltiUser.count({ where: { issuer: ISSUER, sub: { in: [sub("ada"), sub("bob")] } } })).toBe(2);
    expect(await roleOf(courseId, sub("ada"))).toBe("ta");
    expect(await roleOf(courseId, sub("bob"))).toBe("learner"); // not unenrolled: their work stays
    expect(await db.auditEntry.count({ where: { courseId, action: "lti.roster_pull" } })).toBe(2);
  });

  it("refuses with a 409 when no LMS course with a roster service is bound to the course", async () => {
    const { courseId } = await createCourseFixture(db, `roster-${randomUUID().slice(0, 8)}`);
    const instructor = await createUser(db, "instructor");
    const { tokens } = fakeTokens();
    expect(await refusal(pullRoster(db, tokens, actorOf(instructor), courseId))).toMatchObject({ status: 409, code: "no_lms_roster" });

    // Bound, but its launches offered no roster service.
    const bound = await boundCourse(`ctx-${randomUUID().slice(0, 8)}`, { membershipsUrl: null });
    expect(await refusal(pullRoster(db, tokens, actorOf(bound.instructor), bound.courseId))).toMatchObject({ status: 409, code: "no_lms_roster" });
    expect(await db.auditEntry.count({ where: { courseId: { in: [courseId, bound.courseId] } } })).toBe(0);
  });

  it("answers a 502 naming the platform when the roster service fails, and writes nothing", async () => {
    const { courseId, instructor } = await boundCourse("broken");
    const { tokens } = fakeTokens();
    const error = await refusal(pullRoster(db, tokens, actorOf(instructor), courseId));
    expect(error).toMatchObject({ status: 502, code: "lms_roster_failed" });
    expect(error.message).toContain("Test LMS");
    expect(error.message).toContain("500");
    expect(await db.enrollment.count({ where: { courseId } })).toBe(1); // the instructor only
    expect(await db.auditEntry.count({ where: { courseId } })).toBe(0);
    expect((await db.ltiContext.findFirstOrThrow({ where: { courseId } })).lastRosterPullAt).toBeNull();
  });

  it("does not follow a next page on another origin (our token would go there)", async () => {
    const contextId = `ctx-${randomUUID().slice(0, 8)}`;
    const { courseId, instructor } = await boundCourse(contextId);
    service.pages.set(contextId, [[{ user_id: `${contextId}-ada`, roles: [ROLE.learner] }], [{ user_id: `${contextId}-bob`, roles: [ROLE.learner] }]]);
    service.foreignNext.add(contextId);
    const { tokens } = fakeTokens();
    expect(await refusal(pullRoster(db, tokens, actorOf(instructor), courseId))).toMatchObject({ status: 502, code: "lms_roster_failed" });
    expect(await roleOf(courseId, `${contextId}-ada`)).toBeNull();
  });
});

describe("nextPageUrl", () => {
  it("finds rel=next among several links, quoted or not, and resolves it against the page", () => {
    const page = "https://lms.example.edu/api/memberships?page=1";
    expect(nextPageUrl('<https://lms.example.edu/m?page=2>; rel="next"', page)).toBe("https://lms.example.edu/m?page=2");
    expect(nextPageUrl('<?page=1>; rel="first", </m?p=2&x=a,b>; rel=next', page)).toBe("https://lms.example.edu/m?p=2&x=a,b");
    expect(nextPageUrl('<https://lms.example.edu/m?d=1>; rel="differences"', page)).toBeNull();
    expect(nextPageUrl('<https://lms.example.edu/m?page=9>; rel="last next"', page)).toBe("https://lms.example.edu/m?page=9");
    expect(nextPageUrl(null, page)).toBeNull();
  });
});
