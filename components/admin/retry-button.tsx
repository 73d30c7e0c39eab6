"use client";

import { retrySubmissionResponseSchema } from "../../contract/http/admin";
import { callApi } from "../api/call-api";
import { CallOutcome, useAdminCall } from "./use-admin-call";

/** Queues one failed submission for another grading. */
export function RetryButton({ submissionId }: { submissionId: string }) {
  const { busy, message, run } = useAdminCall();
  return (
    <>
      <button
        type="button"
        className="button ghost"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            await callApi(`/api/admin/submissions/${encodeURIComponent(submissionId)}/retry`, retrySubmissionResponseSchema, { method: "POST", body: "{}" });
            return "Queued again.";
          })
        }
      >
        Retry
      </button>
      <CallOutcome message={message} />
    </>
  );
}
