"use client";

import { rotateKeyResponseSchema } from "../../contract/http/lti-admin";
import { callApi } from "../api/call-api";
import { CallOutcome, useAdminCall } from "../admin/use-admin-call";

/** Rotates the tool's signing key; the old key stays published for a day, so nothing signed just before breaks. */
export function RotateKeyButton() {
  const { busy, message, run } = useAdminCall();
  return (
    <div className="stack" style={{ gap: "0.5rem" }}>
      <div className="row">
        <button
          type="button"
          className="button ghost"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const rotated = await callApi("/api/admin/lti/keys/rotate", rotateKeyResponseSchema, { method: "POST" });
              return `The tool now signs with key ${rotated.kid}; ${rotated.rotatedOut.length === 0 ? "there was no key before" : "the previous key stays published for a day"}.`;
            })
          }
        >
          Rotate signing key
        </button>
      </div>
      <CallOutcome message={message} />
    </div>
  );
}
