import { describe, expect, it } from "vitest";
import { framingSources } from "../lti/frame-origins";
import { contentSecurityPolicy, createNonce, transportHeaders } from "./security-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0], d] as const));

describe("contentSecurityPolicy", () => {
  it("allows only nonce'd scripts in production, with no eval, no framing, no plugins", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc", isDevelopment: false, isHttps: false }));
    expect(policy.get("script-src")).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy.get("frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(policy.get("object-src")).toBe("object-src 'none'");
    expect(policy.get("worker-src")).toBe("worker-src 'self'");
    expect([...policy.values()].join(";")).not.toContain("unsafe-eval");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("adds eval for React's development build only, and upgrades requests on https", () => {
    expect(contentSecurityPolicy({ nonce: "n", isDevelopment: true, isHttps: false })).toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy({ nonce: "n", isDevelopment: false, isHttps: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("lets the pages an LTI launch leads to be framed by, and post to, the registered LMSs that proxy.ts names", () => {
    const sources = framingSources(["https://canvas.example.edu", "https://moodle.example.edu"]);
    const policy = directives(contentSecurityPolicy({ nonce: "n", isDevelopment: false, isHttps: true, frameAncestors: sources, formAction: sources }));
    expect(policy.get("frame-ancestors")).toBe("frame-ancestors 'self' https://canvas.example.edu https://moodle.example.edu");
    expect(policy.get("form-action")).toBe("form-action 'self' https://canvas.example.edu https://moodle.example.edu");
    // No LMS registered: framing stays refused, forms stay on this site.
    expect(framingSources([], "'none'")).toBe("'none'");
    expect(framingSources([])).toBe("'self'");
    expect(directives(contentSecurityPolicy({ nonce: "n", isDevelopment: false, isHttps: false })).get("form-action")).toBe("form-action 'self'");
  });
});

describe("transportHeaders", () => {
  it("sends HSTS only when the site is https", () => {
    expect(transportHeaders(true)["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}/);
    expect(transportHeaders(false)).toEqual({});
  });
});

describe("createNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(atob(nonce)).toHaveLength(16);
  });
});
