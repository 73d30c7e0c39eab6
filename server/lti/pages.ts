import "server-only";
import { ZodError } from "zod";
import { RequestError } from "../errors";
import { getEnv } from "../env";
import { toErrorResponse } from "../route/errors";
import { LtiError } from "./lti-error";
import { cachedPlatformOrigins, framingSources } from "./frame-origins";

/**
 * The page a refused login or launch shows, inside the LMS's frame: what failed (the code an administrator can
 * search docs/lti.md for), in words, and what to check. Standalone HTML with no script, its own strict CSP.
 */
export async function renderLtiError(error: unknown): Promise<Response> {
  const failure = asLtiFailure(error);
  if (!failure) return toErrorResponse(error); // not a refusal: the route builder's 500 with a logged error id
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pagewise could not open this link</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
  body { max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }
  code { font-size: 0.95em; }
  .hint { border-left: 3px solid currentColor; padding-left: 0.75rem; opacity: 0.85; }
</style>
</head>
<body>
<main>
<h1>Pagewise could not open this link</h1>
<p>${escapeHtml(failure.message)}</p>
${failure.hint ? `<p class="hint">${escapeHtml(failure.hint)}</p>` : ""}
<p>Failure: <code>${escapeHtml(failure.code)}</code> (HTTP ${failure.status}). Nobody was signed in.</p>
</main>
</body>
</html>
`;
  return new Response(body, { status: failure.status, headers: await ltiHtmlHeaders() });
}

/** Headers of LTI's HTML answers: no caching, no scripts, framed only by registered platforms. */
export async function ltiHtmlHeaders(): Promise<Headers> {
  return new Headers({
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    // Framed, like the launch, by the registered platforms only (the same cached list as the pages', proxy.ts).
    "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors ${framingSources(await cachedPlatformOrigins(getEnv().DATABASE_URL), "'none'")}`,
  });
}

interface LtiFailure {
  status: number;
  code: string;
  message: string;
  hint?: string | undefined;
}

function asLtiFailure(error: unknown): LtiFailure | null {
  if (error instanceof LtiError) return { status: error.status, code: error.code, message: error.message, hint: error.hint };
  if (error instanceof RequestError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof ZodError) {
    const fields = [...new Set(error.issues.map((issue) => issue.path.join(".") || "body"))].join(", ");
    return { status: 400, code: "bad_request", message: `The LMS's request is missing or has malformed fields: ${fields}.` };
  }
  return null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
