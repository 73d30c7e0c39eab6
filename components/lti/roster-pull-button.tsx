"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { RosterPullResponse } from "../../contract/http/lti-roster";
import { ApiError } from "../api/call-api";
import { pullRoster } from "./lti-api";
import "./lti.css";

/**
 * "Pull roster" for a course's instructors: asks the LMS for its members now, then says what changed (the page's
 * list of LMS courses is refreshed for the new "last pulled" time). Nobody is unenrolled: inactive members are
 * only counted.
 */
export function RosterPullButton({ courseId }: { courseId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<RosterPullResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onPull() {
    setBusy(true);
    setError(null);
    setSummary(null);
    try {
      setSummary(await pullRoster(courseId));
      router.refresh();
    } catch (reason) {
      setError(reason instanceof ApiError ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <div>
        <button type="button" className="button primary" onClick={onPull} disabled={busy}>
          {busy ? "Pulling the roster…" : "Pull roster"}
        </button>
      </div>
      {summary ? (
        <div className="alert ok" role="status" data-testid="roster-summary">
          <p style={{ margin: 0 }}>
            Roster pulled from {summary.contexts} LMS course{summary.contexts === 1 ? "" : "s"}:
          </p>
          <ul className="lti-counts">
            <li>{count(summary.added, "newly enrolled")}</li>
            <li>{count(summary.updated, "with a changed role")}</li>
            <li>{count(summary.unchanged, "already enrolled")}</li>
            <li>{count(summary.inactive, "inactive in the LMS (left as they were)")}</li>
            <li>{count(summary.created, "new Pagewise account", "new Pagewise accounts")}</li>
          </ul>
        </div>
      ) : null}
      {error ? (
        <p className="alert error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function count(n: number, what: string, plural?: string): string {
  if (plural) return `${n} ${n === 1 ? what : plural}`;
  return `${n} ${n === 1 ? "person" : "people"} ${what}`;
}
