"use client";

import type { FormEvent } from "react";
import { adminUserResponseSchema, platformRoleSchema, type AdminUserView, type PlatformRole } from "../../contract/http/admin";
import { callApi } from "../api/call-api";
import { CallOutcome, useAdminCall } from "./use-admin-call";

const ROLE_LABELS: Record<PlatformRole, string> = { learner: "Learner", instructor: "Instructor", admin: "Admin" };

/**
 * An admin's acts on one account: its platform role, and disabling it (with a reason, required) or enabling it
 * again. The admin's own account offers neither: another admin must (the server refuses it too).
 */
export function UserActions({ user, isSelf }: { user: AdminUserView; isSelf: boolean }) {
  const { busy, message, run } = useAdminCall();
  const base = `/api/admin/users/${encodeURIComponent(user.id)}`;

  function onRole(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const role = platformRoleSchema.parse(new FormData(event.currentTarget).get("role"));
    void run(async () => {
      await callApi(`${base}/role`, adminUserResponseSchema, { method: "PUT", body: JSON.stringify({ role }) });
      return `${user.email} is now ${role === "admin" ? "an admin" : `a${role === "instructor" ? "n" : ""} ${role}`}.`;
    });
  }

  function onDisable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "");
    void run(async () => {
      await callApi(`${base}/disable`, adminUserResponseSchema, { method: "POST", body: JSON.stringify({ reason }) });
      return `${user.email} is disabled and signed out everywhere.`;
    });
  }

  function onEnable() {
    void run(async () => {
      await callApi(`${base}/enable`, adminUserResponseSchema, { method: "POST", body: "{}" });
      return `${user.email} can sign in again.`;
    });
  }

  if (isSelf) return <p className="muted">This is your account: another admin changes its role or disables it.</p>;
  return (
    <div className="stack" style={{ gap: "0.75rem" }}>
      <form className="row" onSubmit={onRole} aria-label="Platform role">
        <label>
          Platform role{" "}
          <select name="role" defaultValue={user.role} key={user.role}>
            {platformRoleSchema.options.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={busy}>
          Save role
        </button>
      </form>
      {user.disabled ? (
        <div className="row">
          <p style={{ margin: 0 }}>
            Disabled: <q>{user.disabled.reason}</q>
          </p>
          <button type="button" className="button" disabled={busy} onClick={onEnable}>
            Enable account
          </button>
        </div>
      ) : (
        <form className="row" onSubmit={onDisable} aria-label="Disable account">
          <label style={{ flex: "1 1 18rem" }}>
            Reason (kept with the account and in the audit log)
            <input name="reason" type="text" minLength={3} maxLength={500} required style={{ width: "100%" }} />
          </label>
          <button type="submit" className="button danger" disabled={busy}>
            Disable account
          </button>
        </form>
      )}
      <CallOutcome message={message} />
    </div>
  );
}
