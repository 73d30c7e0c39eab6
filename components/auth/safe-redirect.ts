// Where to go after signing in, up or out. An open redirect would let a crafted link (`/sign-in?next=...`) hand a
// fresh session's first navigation to another site, so only paths on this site pass.
const PLACEHOLDER_ORIGIN = "http://placeholder.invalid";

/**
 * `next` when it is a same-origin path (`/courses/x?y=1#z`), re-serialised as parsed; otherwise `fallback`.
 * Refuses anything not starting with exactly one "/", absolute and protocol-relative URLs, backslashes and control
 * characters, in `next` as given and decoded once (so `/%2F%2Fhost` and `/%0d%0a...` are refused too).
 */
export function safeRedirectPath(next: string | null, fallback: string): string {
  if (next === null || !isPlainPath(next)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return fallback; // malformed escapes: nothing a link of ours produces
  }
  if (!isPlainPath(decoded)) return fallback;
  const url = new URL(next, PLACEHOLDER_ORIGIN);
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

function isPlainPath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !hasUnsafeCharacter(path);
}

// Backslashes (browsers read `/\host` as `//host`), C0 controls and DEL (URL parsers drop tabs and newlines, so
// `/\t/host` becomes `//host`; CR LF in a Location header splits it).
function hasUnsafeCharacter(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}
