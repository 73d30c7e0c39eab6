import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as jwksRoute } from "../../app/api/lti/jwks/route";
import { POST as launchRoute } from "../../app/api/lti/launch/route";
import { GET as loginGet, POST as loginPost } from "../../app/api/lti/login/route";
import { LTI_ROLE, startStandInPlatform, type PlatformUser, type StandInPlatform } from "../helpers/lti-platform";
import { createCourseFixture, testDb } from "../helpers/db";
import { findUserForHeaders } from "../../server/session";
import { POST as rosterRoute } from "../../app/api/courses/[courseId]/lti/roster/route";
import { POST as deepLinkRoute } from "../../app/api/lti/deep-linking/[linkId]/route";
import { InProcessQueue } from "../../server/grading/in-process-queue";
import { SubmissionGrader } from "../../server/grading/submission-grader";
import { ScoreOutbox } from "../../server/lti/ags/score-outbox";
import { ServiceTokens } from "../../server/lti/service-token";
import { createSubmission } from "../../server/submissions";
import { resultFor, scriptedGrader } from "../helpers/scripted-grader";

/**
 * LTI 1.3 end to end against a stand-in LMS of our own (test/helpers/lti-platform.ts, its own keys and endpoints on
 * 127.0.0.1): registration by the command, login, launch, and every forgery refused without a session. The route
 * handlers are called as Next calls them; the platform is real HTTP.
 */
const execFileAsync = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const db = testDb();
const publicUrl = "http://127.0.0.1:3000";
const noParams = { params: Promise.resolve({}) };

let platform: StandInPlatform;
let courseId: string;
let exerciseId: string;
let lineItemUrl: string;
const learner: PlatformUser = { sub: "lms-learner-1", name: "Ada Learner", email: "ada.lti@example.edu", roles: [LTI_ROLE.learner] };
const instructor: PlatformUser = { sub: "lms-teacher-1", name: "Tess Teacher", email: "tess.lti@example.edu", roles: [LTI_ROLE.instructor] };
const contextId = "lms-course-1";

beforeAll(async () => {
  platform = await startStandInPlatform({
    toolRedirectUri: `${publicUrl}/api/lti/launch`,
    toolJwks: async () => (await (await jwksRoute(new Request(`${publicUrl}/api/lti/jwks`), noParams)).json()) as { keys: object[] },
  });
  // walk-32: a real exercise, so a submission to it is accepted as the route would accept it.
  ({ courseId, exerciseId } = await createCourseFixture(db, "walk-32"));
  platform.addContext({ id: contextId, title: "CS 401 (LMS)", members: [learner, instructor] });
  lineItemUrl = platform.addLineItem(contextId, { label: "Walk", scoreMaximum: 20 });
});
afterAll(async () => {
  await platform?.close();
  await db.$disconnect();
});

/** npm run lti:register, as an operator runs it (its own process, this test's database). */
async function register(extra: string[] = []) {
  const args = ["--issuer", platform.issuer, "--client-id", platform.clientId, "--deployment-id", platform.deploymentId, "--auth-url", platform.authUrl, "--token-url", platform.tokenUrl, "--jwks-url", platform.jwksUrl, ...extra];
  return execFileAsync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/lti-register/main.ts", ...args], {
    cwd: root,
    env: { ...process.env, PUBLIC_URL: publicUrl },
  });
}

const setCookies = (response: Response) => response.headers.getSetCookie();
const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

/** The LMS's login initiation, our redirect to its authorization endpoint, and what the platform would post back. */
async function loginAs(user: PlatformUser, target: { kind: "resource" | "deep-linking"; path: string; lineItemUrl?: string }) {
  const initiation = platform.prepareLaunch({ user, contextId, kind: target.kind, targetLinkUri: `${publicUrl}${target.path}`, ...(target.lineItemUrl ? { lineItemUrl: target.lineItemUrl } : {}) });
  const login = await loginGet(new Request(`${publicUrl}/api/lti/login?${new URLSearchParams(initiation)}`), noParams);
  expect(login.status).toBe(302);
  const location = new URL(login.headers.get("location") ?? "");
  const stateCookie = cookiePair(setCookies(login).find((c) => c.startsWith("lti_state_")) ?? "");
  const authorized = await platform.authorize(location.searchParams);
  return { location, stateCookie, ...authorized, claims: platform.lastIdTokenClaims()! };
}

function postLaunch(form: Record<string, string>, cookie: string | null) {
  return launchRoute(
    new Request(`${publicUrl}/api/lti/launch`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(platform.issuer).origin, ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(form),
    }),
    noParams,
  );
}

/** A refused launch: a 4xx page naming the failure, and no session cookie. */
async function expectRefused(response: Response, status: number, code: string) {
  const page = await response.text();
  expect({ status: response.status, code: /<code>([a-z_]+)<\/code>/.exec(page)?.[1] }).toEqual({ status, code });
  expect(response.headers.get("content-type")).toContain("text/html");
  expect(setCookies(response).some((c) => c.includes("session_token"))).toBe(false);
}

describe("LTI 1.3 against a stand-in platform", () => {
  it("registers the platform by the command, printing what to paste into the LMS", async () => {
    const { stdout } = await register(["--name", "Stand-in LMS"]);
    expect(stdout).toContain("Registered Stand-in LMS");
    for (const url of ["/api/lti/login", "/api/lti/launch", "/api/lti/jwks", "/lti/deep-linking"]) expect(stdout).toContain(`${publicUrl}${url}`);
    // Bad arguments: status 2 and the usage, nothing written.
    await expect(register(["--jwks-url", "not a url"])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--jwks-url") });
    // Again with another deployment: the same registration gathers it.
    const second = await register(["--name", "Stand-in LMS", "--deployment-id", "deployment-2"]);
    expect(second.stdout).toContain("Deployments: deployment-1, deployment-2");
    const row = await db.ltiPlatform.findUniqueOrThrow({ where: { issuer_clientId: { issuer: platform.issuer, clientId: platform.clientId } }, include: { deployments: true } });
    expect(row.deployments.map((d) => d.deploymentId).sort()).toEqual(["deployment-1", "deployment-2"]);
    expect(await db.auditEntry.count({ where: { action: "lti.register", targetId: row.id } })).toBe(2);
  });

  it("a learner's launch signs them in, enrolls them and lands on the exercise; the login's state is bound to the browser", async () => {
    const launch = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}/exercises/${exerciseId}`, lineItemUrl });
    expect(Object.fromEntries(launch.location.searchParams)).toMatchObject({ scope: "openid", response_type: "id_token", response_mode: "form_post", prompt: "none", client_id: platform.clientId, redirect_uri: `${publicUrl}/api/lti/launch` });
    expect(launch.stateCookie).toMatch(/^lti_state_[A-Za-z0-9_-]{43}=1$/);
    const response = await postLaunch({ id_token: launch.idToken, state: launch.state }, launch.stateCookie);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${publicUrl}/courses/${courseId}/exercises/${exerciseId}`);
    const session = setCookies(response).find((c) => c.includes("session_token="));
    expect(session).toMatch(/HttpOnly; SameSite=Lax/);
    const user = await findUserForHeaders(new Headers({ cookie: cookiePair(session!) }));
    expect(user).toMatchObject({ name: "Ada Learner", email: "ada.lti@example.edu", role: "learner" });
    expect(await db.enrollment.findUnique({ where: { userId_courseId: { userId: user!.id, courseId } } })).toMatchObject({ role: "learner" });
    expect(await db.ltiGradeLink.findMany({ where: { userId: user!.id } })).toMatchObject([{ exerciseId, lineItemUrl, sub: learner.sub }]);
    expect(await db.ltiContext.findMany({ where: { courseId } })).toMatchObject([{ contextId, title: "CS 401 (LMS)" }]);
    // The same person launching again is the same account.
    const again = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}` });
    const second = await postLaunch({ id_token: again.idToken, state: again.state }, again.stateCookie);
    expect(second.status).toBe(303);
    expect(await db.ltiUser.count({ where: { issuer: platform.issuer, sub: learner.sub } })).toBe(1);
  });

  it("the learner's submission sends their grade to the LMS line item, after the platform's first answer is a 503", async () => {
    const launch = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}/exercises/${exerciseId}`, lineItemUrl });
    await postLaunch({ id_token: launch.idToken, state: launch.state }, launch.stateCookie);
    const { userId } = await db.ltiUser.findUniqueOrThrow({ where: { issuer_sub: { issuer: platform.issuer, sub: learner.sub } } });
    const exercise = await db.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { id: true, courseId: true, contentHash: true, maxScore: true } });
    const submission = await createSubmission(db, new InProcessQueue(db), { id: userId }, exercise, { exerciseId, code: "export function translate() {}" }, 0, { courseRole: "learner" });
    const grader = new SubmissionGrader({ db, grader: scriptedGrader(async () => resultFor("graded", 15)), hostId: "lti-test", makeHiddenSeed: () => "h", announceFinal: async () => undefined });
    expect(await grader.deliver(submission.id)).toBe("stored");

    platform.failNextScores(1, 503);
    const outbox = new ScoreOutbox({ db, tokens: new ServiceTokens(db), pollMs: 20, backoffBaseMs: 50, log: () => undefined }).start();
    try {
      for (let waited = 0; platform.scores.length === 0 && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await outbox.stop();
    }
    expect(platform.scoreRequests.map((r) => [r.lineItemUrl, r.status])).toEqual([
      [lineItemUrl, 503],
      [lineItemUrl, 204],
    ]);
    expect(platform.scores[0]?.body).toMatchObject({ userId: learner.sub, scoreGiven: 15, scoreMaximum: 20, activityProgress: "Completed", gradingProgress: "FullyGraded" });
    expect(Date.parse(String(platform.scores[0]?.body.timestamp))).not.toBeNaN();
    expect(platform.tokensIssued.map((t) => t.scope)).toContain("https://purl.imsglobal.org/spec/lti-ags/scope/score");
    expect(await db.ltiScore.findFirst({ where: { userId } })).toMatchObject({ state: "delivered", attempts: 2, lastStatus: 204 });
  });

  it("deep linking: an instructor picks an exercise, and the LMS receives a signed content item with a line item", async () => {
    const launch = await loginAs(instructor, { kind: "deep-linking", path: "/lti/deep-linking" });
    const response = await postLaunch({ id_token: launch.idToken, state: launch.state }, launch.stateCookie);
    expect(response.status).toBe(303);
    const picker = new URL(response.headers.get("location") ?? "");
    expect(picker.pathname).toMatch(/^\/lti\/deep-linking\/[A-Za-z0-9_-]+$/);
    const session = cookiePair(setCookies(response).find((c) => c.includes("session_token="))!);
    const linkId = picker.pathname.split("/").pop()!;
    const answer = await deepLinkRoute(
      new Request(`${publicUrl}/api/lti/deep-linking/${linkId}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: publicUrl, cookie: session },
        body: JSON.stringify({ items: [{ kind: "exercise", id: exerciseId }] }),
      }),
      { params: Promise.resolve({ linkId }) },
    );
    expect(answer.status).toBe(200);
    const { returnUrl, jwt } = (await answer.json()) as { returnUrl: string; jwt: string };
    expect(returnUrl).toBe(`${platform.issuer}/deep-links/return`);
    const received = await platform.receiveDeepLinkResponse(jwt);
    expect(received["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]).toEqual([
      expect.objectContaining({ type: "ltiResourceLink", url: `${publicUrl}/courses/${courseId}/exercises/${exerciseId}`, lineItem: expect.objectContaining({ scoreMaximum: 20, resourceId: exerciseId }) }),
    ]);
  });

  it("an instructor pulls the LMS roster into the course", async () => {
    const late: PlatformUser = { sub: "lms-learner-2", name: "Late Joiner", email: "late.lti@example.edu", roles: [LTI_ROLE.learner] };
    platform.addMember(contextId, late);
    const launch = await loginAs(instructor, { kind: "resource", path: `/courses/${courseId}` });
    const response = await postLaunch({ id_token: launch.idToken, state: launch.state }, launch.stateCookie);
    const session = cookiePair(setCookies(response).find((c) => c.includes("session_token="))!);
    const pulled = await rosterRoute(new Request(`${publicUrl}/api/courses/${courseId}/lti/roster`, { method: "POST", headers: { origin: publicUrl, cookie: session } }), {
      params: Promise.resolve({ courseId }),
    });
    expect(pulled.status).toBe(200);
    expect(await pulled.json()).toMatchObject({ added: 1 });
    const { userId } = await db.ltiUser.findUniqueOrThrow({ where: { issuer_sub: { issuer: platform.issuer, sub: late.sub } } });
    expect(await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } })).toMatchObject({ role: "learner" });
    expect(platform.tokensIssued.map((t) => t.scope)).toContain("https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly");
  });

  describe("forgeries are refused and sign no one in", () => {
    it("a token signed with a key the platform does not publish", async () => {
      const launch = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}` });
      const forged = await platform.signIdToken(launch.claims, { unpublishedKey: true });
      await expectRefused(await postLaunch({ id_token: forged, state: launch.state }, launch.stateCookie), 401, "unknown_key");
      // The same kid as the published key, signed with another: the signature does not verify.
      const retry = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}` });
      const sameKid = await platform.signIdToken(retry.claims, { unpublishedKey: true, kid: decodeProtectedHeader(retry.idToken).kid! });
      await expectRefused(await postLaunch({ id_token: sameKid, state: retry.state }, retry.stateCookie), 401, "bad_signature");
    });

    it("a token for another audience", async () => {
      const launch = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}` });
      const forged = await platform.signIdToken({ ...launch.claims, aud: "another-tool", azp: "another-tool" });
      await expectRefused(await postLaunch({ id_token: forged, state: launch.state }, launch.stateCookie), 401, "wrong_audience");
    });

    it("a nonce we never issued, and a state we never issued", async () => {
      const launch = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}` });
      const forged = await platform.signIdToken({ ...launch.claims, nonce: "a-nonce-nobody-issued" });
      await expectRefused(await postLaunch({ id_token: forged, state: launch.state }, launch.stateCookie), 401, "nonce_mismatch");
      const other = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}` });
      await expectRefused(await postLaunch({ id_token: other.idToken, state: "a-state-nobody-issued" }, other.stateCookie), 400, "unknown_state");
    });

    it("an expired token", async () => {
      const launch = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}` });
      const forged = await platform.signIdToken({ ...launch.claims, iat: Math.floor(Date.now() / 1000) - 3600 }, { expiresInSeconds: -1800 });
      await expectRefused(await postLaunch({ id_token: forged, state: launch.state }, launch.stateCookie), 401, "expired");
    });

    it("a replayed token", async () => {
      const launch = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}` });
      expect((await postLaunch({ id_token: launch.idToken, state: launch.state }, launch.stateCookie)).status).toBe(303);
      await expectRefused(await postLaunch({ id_token: launch.idToken, state: launch.state }, launch.stateCookie), 400, "replayed");
    });

    it("a deployment we do not know, at login and at launch", async () => {
      const initiation = platform.prepareLaunch({ user: learner, contextId, kind: "resource", targetLinkUri: `${publicUrl}/courses/${courseId}` });
      const login = await loginGet(new Request(`${publicUrl}/api/lti/login?${new URLSearchParams({ ...initiation, lti_deployment_id: "deployment-9" })}`), noParams);
      await expectRefused(login, 400, "unknown_deployment");
      const launch = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}` });
      const forged = await platform.signIdToken({ ...launch.claims, "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "deployment-9" });
      await expectRefused(await postLaunch({ id_token: forged, state: launch.state }, launch.stateCookie), 400, "unknown_deployment");
    });

    it("a launch from a browser that did not start the login, an unknown platform, a foreign target", async () => {
      const launch = await loginAs(learner, { kind: "resource", path: `/courses/${courseId}` });
      await expectRefused(await postLaunch({ id_token: launch.idToken, state: launch.state }, null), 400, "state_not_bound");
      const unknown = await loginPost(
        new Request(`${publicUrl}/api/lti/login`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://lms.example.edu" },
          body: new URLSearchParams({ iss: "https://lms.example.edu", login_hint: "x", target_link_uri: `${publicUrl}/courses` }),
        }),
        noParams,
      );
      await expectRefused(unknown, 400, "unknown_platform");
      const initiation = platform.prepareLaunch({ user: learner, contextId, kind: "resource", targetLinkUri: `${publicUrl}/courses` });
      const foreign = await loginGet(new Request(`${publicUrl}/api/lti/login?${new URLSearchParams({ ...initiation, target_link_uri: "https://evil.example/steal" })}`), noParams);
      await expectRefused(foreign, 400, "foreign_target");
    });
  });
});
