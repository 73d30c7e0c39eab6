"use client";

import { retrySubmissionResponseSchema } from "../../contract/http/admin";
import { retryScoreResponseSchema } from "../../contract/http/lti";
import type { z } from "zod";
import { callApi } from "../api/call-api";
import { CallOutcome, useAdminCall } from "./use-admin-call";

interface Retry {
  path: (id: string) => string;
  responseSchema: z.ZodType;
  done: string;
}

/** What the admin console can queue again: the route that does it, its answer's shape, and what to say after. */
const RETRIES: Record<"submission" | "lti-score", Retry> = {
  submission: {
    path: (id: string) => `/api/admin/submissions/${encodeURIComponent(id)}/retry`,
    responseSchema: retrySubmissionResponseSchema,
    done: "Queued again.",
  },
  "lti-score": {
    path: (id: string) => `/api/admin/lti/scores/${encodeURIComponent(id)}/retry`,
    responseSchema: retryScoreResponseSchema,
    done: "Queued again: it is sent within seconds.",
  },
};

/**
 * Queues one failed piece of work again: a submission for another grading, or a grade for another delivery to an LMS.
 * `kind` names which (the route and its answer live here: a server page cannot hand a schema to a client component).
 */
export function RetryButton({ kind, id, label }: { kind: keyof typeof RETRIES; id: string; label?: string }) {
  const { busy, message, run } = useAdminCall();
  const retry = RETRIES[kind];
  return (
    <>
      <button
        type="button"
        className="button ghost"
        disabled={busy}
        aria-label={label}
        onClick={() =>
          void run(async () => {
            await callApi(retry.path(id), retry.responseSchema, { method: "POST", body: "{}" });
            return retry.done;
          })
        }
      >
        Retry
      </button>
      <CallOutcome message={message} />
    </>
  );
}
