import { isConnectionError, request } from "./http";
import type { Managed } from "./processes";

/** A learner of the bench: an account made through the product's own sign-up, and its session cookie. */
export interface Learner {
  email: string;
  cookie: string;
}

/** What one client saw of one submission: when it sent it, when it saw the result, and the result. */
export interface Seen {
  submissionId: string;
  sentAt: number;
  finalAt: number;
  status: string;
  score: number | null;
  finishedAt: string | null;
}

const POLL_WAIT_MS = 10_000;

export async function signUp(web: Managed, email: string, password: string): Promise<Learner> {
  const url = requireUrl(web);
  const response = await request(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { origin: url, "content-type": "application/json" },
    body: JSON.stringify({ name: email.split("@")[0], email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-up of ${email} answered ${response.status}: ${response.body}`);
  const cookie = response.setCookies
    .map((c) => c.split(";")[0] ?? "")
    .filter((c) => c.includes("session_token"))
    .join("; ");
  if (!cookie) throw new Error(`sign-up of ${email} set no session cookie`);
  return { email, cookie };
}

/**
 * Submits and long-polls until the result is final, as a browser would, failing over to the other web server
 * whenever the one it talks to is down. A POST whose connection broke is sent again elsewhere: only a 202
 * counts as accepted. Resolves null when nothing was accepted before `deadline`, or when the result did not
 * come by then (the caller counts that as lost).
 */
export async function submitAndWait(
  webs: readonly Managed[],
  first: number,
  learner: Learner,
  exerciseId: string,
  code: string,
  deadline: number,
  onAccepted: (submissionId: string) => void = () => undefined,
): Promise<{ accepted: false } | { accepted: true; seen: Seen | null; submissionId: string }> {
  let index = first;
  const sentAt = performance.now();
  let submissionId: string | null = null;
  while (!submissionId) {
    if (Date.now() > deadline) return { accepted: false };
    const url = requireUrl(webs[index % webs.length]);
    try {
      const response = await request(`${url}/api/submissions`, {
        method: "POST",
        headers: { origin: url, cookie: learner.cookie, "content-type": "application/json" },
        body: JSON.stringify({ exerciseId, code }),
      });
      if (response.status !== 202) throw new Error(`POST /api/submissions answered ${response.status}: ${response.body}`);
      submissionId = (JSON.parse(response.body) as { submission: { id: string } }).submission.id;
      onAccepted(submissionId);
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      index++;
      await pause(100);
    }
  }
  while (Date.now() < deadline) {
    const url = requireUrl(webs[index % webs.length]);
    try {
      const response = await request(`${url}/api/submissions/${submissionId}?waitMs=${POLL_WAIT_MS}`, { headers: { cookie: learner.cookie } });
      if (response.status !== 200) throw new Error(`GET /api/submissions/${submissionId} answered ${response.status}`);
      const { submission } = JSON.parse(response.body) as { submission: { status: string; score: number | null; finishedAt: string | null } };
      if (submission.status === "graded" || submission.status === "failed") {
        return {
          accepted: true,
          submissionId,
          seen: { submissionId, sentAt, finalAt: performance.now(), status: submission.status, score: submission.score, finishedAt: submission.finishedAt },
        };
      }
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      index++;
      await pause(100);
    }
  }
  return { accepted: true, submissionId, seen: null };
}

function requireUrl(web: Managed | undefined): string {
  if (!web?.url) throw new Error("not a web server");
  return web.url;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
