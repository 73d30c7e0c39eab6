"use client";

import { retryScoreResponseSchema } from "../../contract/http/lti";
import { CallOutcome, useAdminCall } from "../admin/use-admin-call";
import { callApi } from "../api/call-api";

/** Sends one failed LMS grade delivery again (admins). */
export function RetryScoreButton({ scoreId, label }: { scoreId: string; label: string }) {
  const { busy, message, run } = useAdminCall();
  return (
    <>
      <button
        type="button"
        className="button ghost"
        disabled={busy}
        aria-label={label}
        onClick={() =>
          void run(async () => {
            await callApi(`/api/admin/lti/scores/${encodeURIComponent(scoreId)}/retry`, retryScoreResponseSchema, { method: "POST", body: "{}" });
            return "Queued again: it is sent within seconds.";
          })
        }
      >
        Retry
      </button>
      <CallOutcome message={message} />
    </>
  );
}
