import { randomUUID } from "node:crypto";
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LTI_CLAIM,
  LTI_ROLE,
  LTI_SCOPE,
  startStandInPlatform,
  type PlatformUser,
  type StandInPlatform,
} from "../helpers/lti-platform";

/**
 * The stand-in LMS's own behaviour, checked with a fake tool key pair: before any test of Pagewise leans on it,
 * it must refuse what a real platform refuses and accept what a real platform accepts.
 */
const TOOL_REDIRECT_URI = "https://tool.example/api/lti/launch";
const SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json";
const MEMBERSHIP_MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

const teacher: PlatformUser = {
  sub: "lms-teacher",
  name: "Tess Teacher",
  email: "tess@example.edu",
  roles: [LTI_ROLE.instructor],
};
const ada: PlatformUser = { sub: "lms-ada", name: "Ada L", email: "ada@example.edu", roles: [LTI_ROLE.learner] };
const bob: PlatformUser = { sub: "lms-bob", name: "Bob K", roles: [LTI_ROLE.learner] };

let platform: StandInPlatform;
let toolKey: { kid: string; privateKey: CryptoKey };
let lineItemUrl: string;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  toolKey = { kid: "tool-key-1", privateKey };
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: toolKey.kid, alg: "RS256", use: "sig" };
  platform = await startStandInPlatform({
    toolRedirectUri: TOOL_REDIRECT_URI,
    toolJwks: async () => ({ keys: [publicJwk] }),
  });
  platform.addContext({ id: "course-1", title: "Paging 101", label: "PG101", members: [teacher, ada, bob] });
  lineItemUrl = platform.addLineItem("course-1", { label: "Walk a page table", scoreMaximum: 10 });
});

afterAll(async () => {
  await platform.close();
});

/** What the tool signs to buy a token (Security Framework 1.0, client credentials grant). */
function clientAssertion(overrides: { aud?: string | string[]; jti?: string; iss?: string } = {}): Promise<string> {
  return new SignJWT({ jti: overrides.jti ?? randomUUID() })
    .setProtectedHeader({ alg: "RS256", kid: toolKey.kid })
    .setIssuer(overrides.iss ?? platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(overrides.aud ?? platform.tokenUrl)
    .setIssuedAt()
    .setExpirationTime("60s")
    .sign(toolKey.privateKey);
}

async function requestToken(assertion: string, scope: string) {
  const response = await fetch(platform.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function accessToken(scope: string): Promise<string> {
  const { status, body } = await requestToken(await clientAssertion(), scope);
  expect(status).toBe(200);
  return String(body.access_token);
}

function postScore(token: string, body: Record<string, unknown>) {
  return fetch(`${lineItemUrl}/scores`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": SCORE_MEDIA_TYPE },
    body: JSON.stringify(body),
  });
}

const adaScore = () => ({
  userId: ada.sub,
  scoreGiven: 7.5,
  scoreMaximum: 10,
  activityProgress: "Completed",
  gradingProgress: "FullyGraded",
  timestamp: new Date().toISOString(),
});

describe("the token endpoint", () => {
  it("issues a bearer token for a correctly signed client assertion", async () => {
    const scope = `${LTI_SCOPE.score} ${LTI_SCOPE.lineItem}`;
    const jti = randomUUID();
    const { status, body } = await requestToken(await clientAssertion({ jti }), scope);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope });
    expect(body.access_token).toEqual(expect.any(String));
    expect(platform.tokensIssued).toContainEqual({ scope, jti });
  });

  it("accepts an audience given as an array naming the token endpoint", async () => {
    const { status } = await requestToken(
      await clientAssertion({ aud: ["https://elsewhere.example", platform.tokenUrl] }),
      LTI_SCOPE.score,
    );
    expect(status).toBe(200);
  });

  it("refuses a replayed jti", async () => {
    const assertion = await clientAssertion({ jti: "once-only" });
    expect((await requestToken(assertion, LTI_SCOPE.score)).status).toBe(200);
    const replay = await requestToken(assertion, LTI_SCOPE.score);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe("invalid_client");
  });

  it("refuses a wrong audience and a wrong issuer", async () => {
    const wrongAudience = await requestToken(await clientAssertion({ aud: platform.issuer }), LTI_SCOPE.score);
    expect(wrongAudience).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const wrongIssuer = await requestToken(await clientAssertion({ iss: "someone-else" }), LTI_SCOPE.score);
    expect(wrongIssuer).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("refuses a scope outside AGS and NRPS", async () => {
    const { status, body } = await requestToken(
      await clientAssertion(),
      `${LTI_SCOPE.score} https://example.com/scope/everything`,
    );
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_scope");
  });
});

describe("the score publish service", () => {
  it("records a score posted with a bearer token holding the score scope", async () => {
    const token = await accessToken(LTI_SCOPE.score);
    const score = adaScore();
    const response = await postScore(token, score);
    expect(response.status).toBe(204);
    expect(platform.scores.at(-1)).toEqual({ lineItemUrl, body: score });
  });

  it("answers the injected failure first, then accepts the retry", async () => {
    const token = await accessToken(LTI_SCOPE.score);
    const before = platform.scoreRequests.length;
    platform.failNextScores(1);
    expect((await postScore(token, adaScore())).status).toBe(503);
    expect((await postScore(token, adaScore())).status).toBe(204);
    expect(platform.scoreRequests.slice(before)).toEqual([
      { lineItemUrl, status: 503 },
      { lineItemUrl, status: 204 },
    ]);
  });

  it("refuses a missing token, a token without the score scope, a non-member and a bad progress value", async () => {
    const noToken = await fetch(`${lineItemUrl}/scores`, {
      method: "POST",
      headers: { "content-type": SCORE_MEDIA_TYPE },
      body: JSON.stringify(adaScore()),
    });
    expect(noToken.status).toBe(401);
    expect((await postScore(await accessToken(LTI_SCOPE.lineItem), adaScore())).status).toBe(401);
    const token = await accessToken(LTI_SCOPE.score);
    expect((await postScore(token, { ...adaScore(), userId: "stranger" })).status).toBe(400);
    expect((await postScore(token, { ...adaScore(), gradingProgress: "Done" })).status).toBe(400);
  });
});

describe("the membership service", () => {
  it("pages the roster with Link rel=next", async () => {
    const token = await accessToken(LTI_SCOPE.contextMembershipReadonly);
    const headers = { authorization: `Bearer ${token}`, accept: MEMBERSHIP_MEDIA_TYPE };
    const first = await fetch(`${platform.issuer}/contexts/course-1/memberships`, { headers });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe(MEMBERSHIP_MEDIA_TYPE);
    const firstPage = (await first.json()) as { context: unknown; members: { user_id: string; status: string }[] };
    expect(firstPage.context).toEqual({ id: "course-1", label: "PG101", title: "Paging 101" });
    expect(firstPage.members.map((member) => member.user_id)).toEqual([teacher.sub, ada.sub]);
    expect(firstPage.members.every((member) => member.status === "Active")).toBe(true);

    const next = /<([^>]+)>;\s*rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
    expect(next).toBeDefined();
    const second = await fetch(next!, { headers });
    const secondPage = (await second.json()) as { members: { user_id: string }[] };
    expect(secondPage.members.map((member) => member.user_id)).toEqual([bob.sub]);
    expect(second.headers.get("link")).toBeNull();
  });

  it("wants the NRPS scope and the membership media type", async () => {
    const scoreToken = await accessToken(LTI_SCOPE.score);
    const wrongScope = await fetch(`${platform.issuer}/contexts/course-1/memberships`, {
      headers: { authorization: `Bearer ${scoreToken}`, accept: MEMBERSHIP_MEDIA_TYPE },
    });
    expect(wrongScope.status).toBe(401);
    const token = await accessToken(LTI_SCOPE.contextMembershipReadonly);
    const wrongAccept = await fetch(`${platform.issuer}/contexts/course-1/memberships`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    });
    expect(wrongAccept.status).toBe(406);
  });
});

describe("the authorization endpoint", () => {
  /** The tool's half of the login: what it would redirect the browser to after the login initiation. */
  function authenticationRequest(
    login: Record<string, string>,
    overrides: Record<string, string> = {},
  ): URLSearchParams {
    return new URLSearchParams({
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: login.client_id ?? "",
      redirect_uri: TOOL_REDIRECT_URI,
      login_hint: login.login_hint ?? "",
      lti_message_hint: login.lti_message_hint ?? "",
      nonce: "nonce-1",
      state: "state-1",
      ...overrides,
    });
  }

  it("signs a resource-link launch with the LTI, AGS and NRPS claims, verifiable with the published keys", async () => {
    const login = platform.prepareLaunch({
      user: ada,
      contextId: "course-1",
      kind: "resource",
      targetLinkUri: "https://tool.example/courses/c1",
      lineItemUrl,
    });
    expect(login).toMatchObject({
      iss: platform.issuer,
      login_hint: ada.sub,
      client_id: platform.clientId,
      lti_deployment_id: platform.deploymentId,
    });

    const { idToken, state, formAction } = await platform.authorize(authenticationRequest(login));
    expect({ state, formAction }).toEqual({ state: "state-1", formAction: TOOL_REDIRECT_URI });
    const { payload, protectedHeader } = await jwtVerify(idToken, createRemoteJWKSet(new URL(platform.jwksUrl)), {
      issuer: platform.issuer,
      audience: platform.clientId,
    });
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: expect.any(String) });
    expect(payload).toMatchObject({
      sub: ada.sub,
      nonce: "nonce-1",
      azp: platform.clientId,
      email: ada.email,
      [LTI_CLAIM.messageType]: "LtiResourceLinkRequest",
      [LTI_CLAIM.version]: "1.3.0",
      [LTI_CLAIM.deploymentId]: platform.deploymentId,
      [LTI_CLAIM.agsEndpoint]: { lineitem: lineItemUrl },
      [LTI_CLAIM.namesRoleService]: { service_versions: ["2.0"] },
    });
    expect(platform.lastIdTokenClaims()).toMatchObject({ sub: ada.sub });
  });

  it("refuses a redirect_uri that is not registered", async () => {
    const login = platform.prepareLaunch({
      user: ada,
      contextId: "course-1",
      kind: "resource",
      targetLinkUri: "https://tool.example/courses/c1",
    });
    await expect(
      platform.authorize(authenticationRequest(login, { redirect_uri: "https://evil.example/launch" })),
    ).rejects.toThrow(/redirect_uri/);
    const http = await fetch(
      `${platform.authUrl}?${authenticationRequest(login, { redirect_uri: "https://evil.example/launch" }).toString()}`,
    );
    expect(http.status).toBe(400);
  });

  it("takes a deep-linking response only when it is signed by the tool and echoes the request's data", async () => {
    const login = platform.prepareLaunch({
      user: teacher,
      contextId: "course-1",
      kind: "deep-linking",
      targetLinkUri: "https://tool.example/lti/deep-linking",
    });
    await platform.authorize(authenticationRequest(login));
    const settings = platform.lastIdTokenClaims()?.[LTI_CLAIM.deepLinkingSettings] as {
      data: string;
      deep_link_return_url: string;
    };

    const response = (data: string) =>
      new SignJWT({
        nonce: randomUUID(),
        [LTI_CLAIM.messageType]: "LtiDeepLinkingResponse",
        [LTI_CLAIM.version]: "1.3.0",
        [LTI_CLAIM.deploymentId]: platform.deploymentId,
        [LTI_CLAIM.deepLinkingData]: data,
        [LTI_CLAIM.deepLinkingContentItems]: [
          {
            type: "ltiResourceLink",
            title: "Walk",
            url: "https://tool.example/courses/c1/exercises/e1",
            lineItem: { scoreMaximum: 10 },
          },
        ],
      })
        .setProtectedHeader({ alg: "RS256", kid: toolKey.kid })
        .setIssuer(platform.clientId)
        .setAudience(platform.issuer)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(toolKey.privateKey);

    await expect(platform.receiveDeepLinkResponse(await response("made-up"))).rejects.toThrow(/data/);
    const posted = await fetch(settings.deep_link_return_url, {
      method: "POST",
      body: new URLSearchParams({ JWT: await response(settings.data) }),
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("Items added");
    expect(platform.deepLinkResponses.at(-1)).toMatchObject({ [LTI_CLAIM.deepLinkingData]: settings.data });
  });
});
