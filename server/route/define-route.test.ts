import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { CurrentUser } from "../session";

// The builder's order of steps, with the session, database and environment replaced: every request goes guard,
// session, the rule's first half, input, the rule's second half, limits, handler; and what each step refuses
// never reaches the next (an anonymous caller's body is not even read).
const state = vi.hoisted(() => ({ user: null as CurrentUser | null, steps: [] as string[], limitRefuses: false }));

vi.mock("../session", () => ({
  findUserForHeaders: async () => {
    state.steps.push("session");
    return state.user;
  },
}));
vi.mock("../db", () => ({ getDb: () => ({}) }));
vi.mock("../env", () => ({ getEnv: () => ({ PUBLIC_URL: "http://127.0.0.1:3000" }) }));
vi.mock("./limits", async () => {
  const { RequestError } = await import("../errors");
  return {
    enforceLimits: async (_db: unknown, charges: unknown[]) => {
      state.steps.push(`limits(${charges.length})`);
      if (state.limitRefuses) throw new RequestError(429, "rate_limited", "Too many. Try again in 3 seconds.", { "Retry-After": "3" });
    },
  };
});

const { route } = await import("./define-route");
const { RequestError } = await import("../errors");

const handler = route()
  .params(z.object({ id: z.string().max(10) }))
  .body(z.object({ code: z.string() }).strict(), { maxBytes: 100 })
  .access({
    needs: "signedIn",
    authorize: async (user, input) => {
      state.steps.push("authorize");
      if (input.params.id === "forbidden") throw new RequestError(403, "nope", "Not for you.");
      return { user };
    },
  })
  .limit(() => [{ limit: { name: "x", max: 1, windowMs: 1000 }, subject: "s", refusal: "Too many" }])
  .handle(async ({ body, params }) => {
    state.steps.push("handler");
    return Response.json({ got: body.code, id: params.id });
  });

/** A POST whose body records whether it was read at all. */
function post(body: string, headers: Record<string, string> = {}, id = "e1") {
  let read = false;
  // highWaterMark 0: the stream pulls only when someone reads, so `read` says whether the builder did.
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        read = true;
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://127.0.0.1:3000/api/x", {
    method: "POST",
    headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json", ...headers },
    body: stream,
    duplex: "half",
  } as RequestInit);
  return { send: () => handler(request, { params: Promise.resolve({ id }) }), wasRead: () => read };
}

const learner: CurrentUser = { id: "u1", name: "L", email: "l@example.test", role: "learner" };

beforeEach(() => {
  state.user = learner;
  state.steps = [];
  state.limitRefuses = false;
});

describe("route()", () => {
  it("runs the steps in order for a good request", async () => {
    const request = post('{"code":"x"}');
    const response = await request.send();
    expect(response.status).toBe(200);
    expect(request.wasRead()).toBe(true);
    expect(await response.json()).toEqual({ got: "x", id: "e1" });
    expect(state.steps).toEqual(["session", "authorize", "limits(1)", "handler"]);
  });

  it("refuses a foreign Origin before looking at the session or the body", async () => {
    const request = post('{"code":"x"}', { origin: "https://evil.example" });
    expect((await request.send()).status).toBe(403);
    expect(state.steps).toEqual([]);
    expect(request.wasRead()).toBe(false);
  });

  it("refuses an anonymous caller with 401 without reading the body", async () => {
    state.user = null;
    const request = post('{"code":"x"}');
    expect((await request.send()).status).toBe(401);
    expect(state.steps).toEqual(["session"]);
    expect(request.wasRead()).toBe(false);
  });

  it("refuses a non-JSON content type with 415 before reading the body", async () => {
    const request = post("code=x", { "content-type": "application/x-www-form-urlencoded" });
    expect((await request.send()).status).toBe(415);
    expect(request.wasRead()).toBe(false);
  });

  it("validates params and body before the rule's second half, which never sees invalid input", async () => {
    expect((await post('{"code":1}').send()).status).toBe(400);
    expect((await post('{"code":"x"}', {}, "much-too-long-id").send()).status).toBe(400);
    expect((await post("x".repeat(101)).send()).status).toBe(413);
    expect(state.steps).not.toContain("authorize");
  });

  it("stops at the rule's refusal, and at a limit's, before the handler", async () => {
    expect((await post('{"code":"x"}', {}, "forbidden").send()).status).toBe(403);
    expect(state.steps).toEqual(["session", "authorize"]);
    state.steps = [];
    state.limitRefuses = true;
    const limited = await post('{"code":"x"}').send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(state.steps).toEqual(["session", "authorize", "limits(1)"]);
  });

  it("does not guard reads: a GET needs no Origin", async () => {
    const get = route()
      .access({ needs: "anyone", authorize: async (user) => ({ user }) })
      .handle(async () => new Response("ok"));
    const response = await get(new Request("http://127.0.0.1:3000/api/y"), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
  });

  describe("the one cross-site exception (LTI's form posts)", () => {
    const form = route()
      .crossSiteForm(z.object({ state: z.string().max(5) }), { maxBytes: 50 })
      .errorsAs(async (error) => new Response(`page: ${error instanceof RequestError ? error.code : "zod"}`, { status: 400, headers: { "content-type": "text/html" } }))
      .access({ needs: "anyone", authorize: async (user) => ({ user }) })
      .handle(async ({ body }) => Response.json({ state: body.state }));
    const send = (body: string, headers: Record<string, string>) =>
      form(new Request("http://127.0.0.1:3000/api/lti/launch", { method: "POST", headers, body }), { params: Promise.resolve({}) });

    it("takes a form post from another site's page, parsed and validated like any body", async () => {
      const response = await send("state=abc", { origin: "https://lms.example.edu", "content-type": "application/x-www-form-urlencoded" });
      expect(await response.json()).toEqual({ state: "abc" });
    });

    it("refuses anything but a form, and answers its errors with the route's page instead of JSON", async () => {
      const json = await send('{"state":"abc"}', { origin: "https://lms.example.edu", "content-type": "application/json" });
      expect([json.status, await json.text()]).toEqual([400, "page: unsupported_media_type"]);
      const invalid = await send("state=much-too-long", { "content-type": "application/x-www-form-urlencoded" });
      expect(await invalid.text()).toBe("page: zod");
    });

    it("leaves every other route's Origin check alone", async () => {
      expect((await post('{"code":"x"}', { origin: "https://lms.example.edu" }).send()).status).toBe(403);
    });
  });
});
