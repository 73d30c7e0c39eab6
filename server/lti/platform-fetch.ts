/** How long a call to a platform's service may take before it counts as failed (and is retried, for scores). */
export const PLATFORM_CALL_TIMEOUT_MS = 10_000;

/** A platform's service answered with an error status (status 0: no answer at all, e.g. a timeout or a refused connection). */
export class PlatformCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "PlatformCallError";
  }
}

/**
 * fetch with a time limit; a network failure or the limit becomes a PlatformCallError with status 0. A redirect is
 * never followed with our token: by default it is that failure too; `redirect: "manual"` makes it an answer of its own
 * (the score outbox takes it as a refusal).
 */
export async function fetchWithTimeout(url: string, init: RequestInit, timeoutMs = PLATFORM_CALL_TIMEOUT_MS): Promise<Response> {
  try {
    return await fetch(url, { redirect: "error", ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : error instanceof Error ? error.message : String(error);
    throw new PlatformCallError(0, `${new URL(url).origin} could not be reached: ${reason}`);
  }
}
