import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnv } from "../setup/e2e-server";
import { freePort, startServer, type RunningServer } from "../setup/start-server";
import { launchBrowser, type E2eBrowser } from "./browser";
import { base, replaceEditorCode, signIn } from "./steps";

/**
 * Headers and cookies as a browser receives them, and the Content-Security-Policy as Chromium enforces it: every
 * kind of page, the editor with its workers, Run and a squiggle included, must work with no violation reported.
 */
let env: E2eBrowser;
beforeAll(async () => {
  env = await launchBrowser();
});
afterAll(() => env.close());

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `) || d === name);

describe("headers", () => {
  it("pages carry a CSP with a fresh nonce per response, no eval, and no framing", async () => {
    const first = await fetch(`${base}/courses`);
    const second = await fetch(`${base}/courses`);
    const policy = first.headers.get("content-security-policy") ?? "";
    expect(directive(policy, "script-src")).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'$/);
    expect(policy).not.toContain("unsafe-eval");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
    // The theme boot script carries that nonce.
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(await first.text()).toContain(`nonce="${nonce}"`);
  });

  it("every response says nosniff, same-origin referrers and no framing; no HSTS over http", async () => {
    for (const path of ["/", "/courses", "/api/auth/get-session", "/icon.svg"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      // Course pages are where an LTI launch leads: their CSP names the LMSs that may frame them (none registered
      // here: 'none', checked above), and an X-Frame-Options: DENY would contradict it.
      expect(response.headers.get("x-frame-options")).toBe(path === "/courses" ? null : "DENY");
      expect(response.headers.get("strict-transport-security")).toBeNull();
      await response.body?.cancel();
    }
  });

  it("pages are gzipped for a browser that accepts it; API answers are not (they cost more CPU than they save)", async () => {
    const gzip = { "accept-encoding": "gzip, deflate, br" };
    const page = await fetch(`${base}/courses`, { headers: gzip });
    expect(page.headers.get("content-encoding")).toBe("gzip");
    // fetch still decodes it: the page reads as the page.
    expect(await page.text()).toContain("<html");
    for (const path of ["/api/health", "/api/auth/get-session"]) {
      const api = await fetch(`${base}${path}`, { headers: gzip });
      expect(api.status).toBe(200);
      expect(api.headers.get("content-encoding")).toBeNull();
      await api.body?.cancel();
    }
  });

  it("the session cookie is HttpOnly and SameSite=Lax, and not Secure over http", async () => {
    const response = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin: base, "content-type": "application/json" },
      body: JSON.stringify({ email: "learner@pagewise.local", password: "pagewise-demo" }),
    });
    const session = response.headers.getSetCookie().find((c) => c.includes("session_token="));
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).not.toMatch(/; Secure/i);
  });
});

describe("on https (PUBLIC_URL https://, a TLS proxy in front)", () => {
  let https: RunningServer;
  let publicUrl = "";
  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `https://127.0.0.1:${port}`;
    https = await startServer(port, { ...e2eEnv(), PUBLIC_URL: publicUrl });
  }, 120_000);
  afterAll(() => https?.stop());

  it("sends HSTS, upgrades insecure requests, and marks the session cookie Secure with the __Secure- prefix", async () => {
    const page = await fetch(`${https.url}/courses`);
    expect(page.headers.get("strict-transport-security")).toMatch(/^max-age=31536000; includeSubDomains$/);
    expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    const signIn = await fetch(`${https.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin: publicUrl, "content-type": "application/json" },
      body: JSON.stringify({ email: "learner@pagewise.local", password: "pagewise-demo" }),
    });
    expect(signIn.status).toBe(200);
    const session = signIn.headers.getSetCookie().find((c) => c.includes("session_token="));
    expect(session).toMatch(/^__Secure-/);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
  });
});

describe("the Content-Security-Policy in Chromium", () => {
  it("lets every page, the editor's workers, Run and the squiggles work with no violation, and blocks injected handlers", async () => {
    const { page, context } = await env.newPage();
    const violations: string[] = [];
    await page.exposeFunction("reportViolation", (line: string) => violations.push(line));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        void (window as unknown as { reportViolation(line: string): void }).reportViolation(
          `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`,
        );
      });
    });
    await signIn(page, "instructor@pagewise.local");
    for (const path of ["/", "/courses", "/courses/memory-between-kernel-and-user", "/courses/memory-between-kernel-and-user/gradebook"]) {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState("networkidle");
    }
    // A lesson with widgets and an exercise: Monaco, its TypeScript worker and the Run worker.
    await page.goto(`${base}/courses/memory-between-kernel-and-user/two-level-paging`);
    const editor = page.locator(".monaco-editor").first();
    await editor.waitFor({ state: "visible", timeout: 60_000 });
    await replaceEditorCode(page, "export const typo: number = 'text';\n");
    await expect.poll(() => page.locator(".monaco-editor .squiggly-error").count(), { timeout: 120_000, interval: 250 }).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.getByTestId("result-panel").textContent(), { timeout: 60_000 }).toMatch(/not assignable to type 'number'/);
    expect(violations).toEqual([]);
    // Markup injected as an XSS payload arrives (innerHTML): its inline handler must not run, and is reported.
    const handlerRan = await page.evaluate(async () => {
      const payload = document.createElement("div");
      payload.innerHTML = '<img src="/icon.svg?xss" onload="window.__xss = true" onerror="window.__xss = true">';
      document.body.append(payload);
      await new Promise((resolve) => setTimeout(resolve, 500));
      return (window as unknown as { __xss?: boolean }).__xss === true;
    });
    expect(handlerRan).toBe(false);
    await expect.poll(() => violations.some((v) => v.startsWith("script-src"))).toBe(true);
    await context.close();
  }, 300_000);

  it("sent no request outside 127.0.0.1", () => {
    expect(env.outsideRequests).toEqual([]);
  });
});
