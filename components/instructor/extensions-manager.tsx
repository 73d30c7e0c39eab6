"use client";

import { formatWhen } from "../format/when";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ExtensionView } from "../../contract/http/extensions";
import { ApiError } from "../api/call-api";
import { TableScroll } from "../layout/table-scroll";
import { grantExtension, localInputToZoned, revokeExtension } from "./extensions-api";

export interface ExtensionsManagerProps {
  courseId: string;
  extensions: ExtensionView[];
  learners: { name: string; email: string }[];
  exercises: { id: string; title: string }[];
}

/** Grant an extension (one more window for one learner on one exercise), and the course's extensions, revocable. */
export function ExtensionsManager({ courseId, extensions, learners, exercises }: ExtensionsManagerProps) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  async function onGrant(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const until = localInputToZoned(String(form.get("until") ?? ""));
    if (!until) {
      setMessage({ tone: "error", text: "Choose the date and time the extension ends." });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const granted = await grantExtension(courseId, {
        userEmail: String(form.get("userEmail") ?? ""),
        exerciseId: String(form.get("exerciseId") ?? ""),
        until,
        credit: Number(form.get("credit") ?? 100),
      });
      setMessage({ tone: "ok", text: `Extension granted to ${granted.userName} on ${granted.exerciseId} until ${formatWhen(granted.until)}.` });
      router.refresh();
    } catch (reason) {
      setMessage({ tone: "error", text: reason instanceof ApiError ? reason.message : String(reason) });
    } finally {
      setBusy(false);
    }
  }

  async function onRevoke(extension: ExtensionView) {
    if (!window.confirm(`Revoke ${extension.userName}'s extension on ${extension.exerciseId}?`)) return;
    setBusy(true);
    setMessage(null);
    try {
      await revokeExtension(courseId, extension.id);
      setMessage({ tone: "ok", text: `Revoked ${extension.userName}'s extension on ${extension.exerciseId}.` });
      router.refresh();
    } catch (reason) {
      setMessage({ tone: "error", text: reason instanceof ApiError ? reason.message : String(reason) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <form className="card stack" onSubmit={onGrant} aria-labelledby="grant-heading" style={{ maxWidth: "40rem" }}>
        <h2 id="grant-heading" style={{ fontSize: "1.1rem", margin: 0 }}>
          Grant an extension
        </h2>
        <label>
          Learner
          <select name="userEmail" required defaultValue="">
            <option value="" disabled>
              {learners.length === 0 ? "No learners enrolled yet" : "Choose a learner"}
            </option>
            {learners.map((learner) => (
              <option key={learner.email} value={learner.email}>
                {learner.name} ({learner.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          Exercise
          <select name="exerciseId" required defaultValue="">
            <option value="" disabled>
              Choose an exercise
            </option>
            {exercises.map((exercise) => (
              <option key={exercise.id} value={exercise.id}>
                {exercise.id}: {exercise.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Until (your time zone)
          <input type="datetime-local" name="until" required />
        </label>
        <label>
          Credit (%)
          <input type="number" name="credit" min={0} max={100} step={1} defaultValue={100} required />
        </label>
        <p className="muted" style={{ margin: 0 }}>
          The learner may submit until then at this credit, even after the exercise closes; granting again on the same exercise replaces it.
        </p>
        <div>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? "Saving…" : "Grant extension"}
          </button>
        </div>
        {message ? (
          <p className={`alert ${message.tone}`} role={message.tone === "error" ? "alert" : "status"}>
            {message.text}
          </p>
        ) : null}
      </form>
      {extensions.length === 0 ? (
        <p className="empty">No extensions yet. Granted ones are listed here, soonest ending first.</p>
      ) : (
        <TableScroll label="Extensions in this course">
          <table data-testid="extensions">
            <caption className="muted" style={{ textAlign: "left" }}>
              Extensions in this course
            </caption>
            <thead>
              <tr>
                <th scope="col">Learner</th>
                <th scope="col">Exercise</th>
                <th scope="col">Until</th>
                <th scope="col">Credit</th>
                <th scope="col">Granted by</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {extensions.map((extension) => (
                <tr key={extension.id}>
                  <td>
                    {extension.userName} <span className="muted">{extension.userEmail}</span>
                  </td>
                  <td>
                    <code>{extension.exerciseId}</code>
                  </td>
                  <td>
                    <time dateTime={extension.until} suppressHydrationWarning>
                      {formatWhen(extension.until)}
                    </time>
                  </td>
                  <td>{extension.credit}%</td>
                  <td>{extension.grantedBy ?? "—"}</td>
                  <td>
                    <button type="button" className="button ghost" disabled={busy} onClick={() => onRevoke(extension)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

