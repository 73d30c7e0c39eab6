"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { overrideResponseSchema, type SetOverrideRequest } from "../../contract/http/overrides";
import { ApiError, callApi } from "../api/call-api";
import { formatWhen } from "../format/when";

export interface OverrideFormProps {
  courseId: string;
  userId: string;
  exerciseId: string;
  maxScore: number;
  automatic: number | null;
  /** The override in force, if any. */
  current: { score: number; reason: string } | null;
  history: { id: string; score: number | null; reason: string; setBy: string | null; at: string }[];
}

/**
 * Sets the learner's grade on the exercise by hand, with a reason the learner reads; or gives it back to the
 * automatic grade. Every grade stays listed below, newest first.
 */
export function OverrideForm({ courseId, userId, exerciseId, maxScore, automatic, current, history }: OverrideFormProps) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  async function send(request: SetOverrideRequest) {
    setBusy(true);
    setMessage(null);
    try {
      await callApi(`/api/courses/${encodeURIComponent(courseId)}/overrides`, overrideResponseSchema, { method: "POST", body: JSON.stringify(request) });
      setMessage({ tone: "ok", text: request.score === null ? "The automatic grade counts again." : `Grade set to ${request.score} / ${maxScore}.` });
      router.refresh();
    } catch (reason) {
      setMessage({ tone: "error", text: reason instanceof ApiError ? reason.message : String(reason) });
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void send({ userId, exerciseId, score: Number(form.get("score")), reason: String(form.get("reason") ?? "") });
  }

  return (
    <div className="stack" style={{ gap: "0.5rem" }}>
      <form className="row override-form" onSubmit={onSubmit} aria-label={`Set the grade for ${exerciseId}`}>
        <label>
          Grade
          <span className="points-input">
            <input name="score" type="number" min={0} max={maxScore} step={0.01} required defaultValue={current?.score ?? automatic ?? ""} style={{ width: "6rem" }} /> / {maxScore}
          </span>
        </label>
        <label style={{ flex: "1 1 16rem" }}>
          Reason (the learner reads it)
          <input name="reason" type="text" maxLength={500} required defaultValue="" style={{ width: "100%" }} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : "Set grade"}
        </button>
        {current ? (
          <button
            type="button"
            className="button ghost"
            disabled={busy}
            onClick={() => void send({ userId, exerciseId, score: null, reason: "Back to the automatic grade." })}
          >
            Use the automatic grade
          </button>
        ) : null}
      </form>
      {message ? (
        <p className={`alert ${message.tone}`} role={message.tone === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      ) : null}
      {history.length > 0 ? (
        <ol className="override-history" aria-label="Grade history" reversed>
          {history.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.at} suppressHydrationWarning>
                {formatWhen(entry.at)}
              </time>
              : {entry.score === null ? "back to the automatic grade" : `${entry.score} / ${maxScore}`} by {entry.setBy ?? "a former instructor"} —{" "}
              <q>{entry.reason}</q>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
