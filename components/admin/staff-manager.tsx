"use client";

import type { FormEvent } from "react";
import { z } from "zod";
import { STAFF_ROLE_LABELS, staffResponseSchema, staffRoleSchema, type StaffMemberView } from "../../contract/http/admin";
import { callApi } from "../api/call-api";
import { CallOutcome, useAdminCall } from "./use-admin-call";

/**
 * One course's staff for an admin: who teaches (instructors) and who assists (teaching assistants: read and grade,
 * change no setting), a form that gives a user a staff role by email (or changes theirs), and removal.
 */
export function StaffManager({ courseId, title, staff }: { courseId: string; title: string; staff: StaffMemberView[] }) {
  const { busy, message, run } = useAdminCall();
  const base = `/api/admin/courses/${encodeURIComponent(courseId)}/staff`;

  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = String(data.get("email") ?? "");
    const role = staffRoleSchema.parse(data.get("role"));
    void run(async () => {
      await callApi(base, staffResponseSchema, { method: "POST", body: JSON.stringify({ email, role }) });
      form.reset();
      return `${email} is now ${role === "ta" ? "a teaching assistant" : "an instructor"} of ${title}.`;
    });
  }

  function onRemove(member: StaffMemberView) {
    void run(async () => {
      await callApi(`${base}/${encodeURIComponent(member.userId)}`, z.undefined(), { method: "DELETE" });
      return `${member.email} is no longer on the staff of ${title}.`;
    });
  }

  return (
    <div className="stack" style={{ gap: "0.75rem" }}>
      {staff.length === 0 ? (
        <p className="empty">No staff yet: only admins can see this course&apos;s gradebook. Add an instructor below.</p>
      ) : (
        <ul className="staff-list" aria-label={`Staff of ${title}`}>
          {staff.map((member) => (
            <li key={member.userId} className="row" data-testid="staff-member">
              <span>
                {member.name} <span className="muted">{member.email}</span> · {STAFF_ROLE_LABELS[member.role]}
              </span>
              <button type="button" className="button ghost" disabled={busy} onClick={() => onRemove(member)} aria-label={`Remove ${member.email} from the staff of ${title}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={onAdd} aria-label={`Add staff to ${title}`}>
        <label style={{ flex: "1 1 16rem" }}>
          Email
          <input name="email" type="email" required maxLength={254} style={{ width: "100%" }} />
        </label>
        <label>
          Role{" "}
          <select name="role" defaultValue="instructor">
            {staffRoleSchema.options.map((role) => (
              <option key={role} value={role}>
                {STAFF_ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={busy}>
          Add to staff
        </button>
      </form>
      <CallOutcome message={message} />
    </div>
  );
}
