/**
 * The Content-Security-Policy of a page (docs/decisions/0081-content-security-policy.md), built per request
 * around a fresh nonce that Next stamps on its own scripts and our theme boot script:
 *   scripts   only nonce'd ones and what they load ('strict-dynamic'); no eval in production. Development adds
 *             'unsafe-eval', which React's dev build needs for its error overlays.
 *   workers   same-origin files only (Monaco's editor and TypeScript workers, the Run worker); a worker's own
 *             policy comes from its script's response, so the Run worker may evaluate learner code in there
 *             while the page itself cannot.
 *   styles    'unsafe-inline': Monaco writes inline styles and <style> elements at run time, and nonces do not
 *             cover style attributes; no remote styles either way.
 *   framing   nowhere ('frame-ancestors none'), except the pages an LTI launch leads to (courses, the deep-linking
 *             picker), which the registered LMSs may frame (proxy.ts passes their origins).
 *   forms     this site only; the deep-linking picker also posts its answer to the registered LMSs.
 */
export function contentSecurityPolicy(options: { nonce: string; isDevelopment: boolean; isHttps: boolean; frameAncestors?: string; formAction?: string }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.isDevelopment ? " 'unsafe-eval'" : ""}`,
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${options.formAction ?? "'self'"}`,
    `frame-ancestors ${options.frameAncestors ?? "'none'"}`,
    ...(options.isHttps ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Headers every page and API answer carries on top of next.config.mjs's fixed ones: HSTS once the site is https. */
export function transportHeaders(isHttps: boolean): Record<string, string> {
  return isHttps ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {};
}

/** A nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
