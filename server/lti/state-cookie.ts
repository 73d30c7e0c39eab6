import "server-only";

/**
 * The cookie that binds a login's state to the browser that started it (Security Framework 1.0, 5.1.1.2: the state
 * is "bound to the user agent"). One cookie per login, named after its state, so two launches in flight at once (an
 * LMS page with two tool frames) do not overwrite each other's. It must survive the platform's cross-site form post
 * to the launch: on https it is SameSite=None; Secure (Partitioned, for browsers that block third-party cookies in
 * the LMS's frame), under the __Host- prefix (this host only, path /). On plain http browsers refuse SameSite=None, so
 * it is Lax, which a platform on the same site (a local LMS, the tests' stand-in) still gets.
 */
export function stateCookieName(state: string, secure: boolean): string {
  return `${secure ? "__Host-" : ""}lti_state_${state}`;
}

/**
 * The attributes of a cookie an LMS's frame must carry (the login state, the launch's session): on https
 * SameSite=None; Secure; Partitioned, so a cross-site post and a third-party frame still send it; on plain http Lax,
 * since browsers refuse SameSite=None without Secure.
 */
export function crossSiteCookieAttributes(secure: boolean): string[] {
  return secure ? ["Secure", "SameSite=None", "Partitioned"] : ["SameSite=Lax"];
}

export function setStateCookie(state: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${stateCookieName(state, secure)}=1`, "Path=/", `Max-Age=${Math.max(1, Math.round(maxAgeSeconds))}`, "HttpOnly", ...crossSiteCookieAttributes(secure)].join("; ");
}

export function clearStateCookie(state: string, secure: boolean): string {
  return [`${stateCookieName(state, secure)}=`, "Path=/", "Max-Age=0", "HttpOnly", ...crossSiteCookieAttributes(secure)].join("; ");
}

/** Whether the request's Cookie header carries the state's cookie. */
export function hasStateCookie(cookieHeader: string | null, state: string, secure: boolean): boolean {
  if (!cookieHeader) return false;
  const name = stateCookieName(state, secure);
  return cookieHeader.split(";").some((pair) => pair.trim().split("=")[0] === name);
}

export function isSecureSite(publicUrl: string): boolean {
  return new URL(publicUrl).protocol === "https:";
}
