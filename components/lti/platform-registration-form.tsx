"use client";

import type { FormEvent } from "react";
import { registerPlatformResponseSchema } from "../../contract/http/lti-admin";
import { callApi } from "../api/call-api";
import { CallOutcome, useAdminCall } from "../admin/use-admin-call";

const FIELDS = [
  { name: "issuer", label: "Issuer", hint: "Canvas: https://canvas.instructure.com; Moodle: the site's URL", type: "url" },
  { name: "clientId", label: "Client ID", hint: "what the LMS shows for the tool's key or registration", type: "text" },
  { name: "deploymentId", label: "Deployment ID", hint: "of the tool's installation in the LMS", type: "text" },
  { name: "authUrl", label: "Authorization URL", hint: "the platform's OIDC authentication endpoint", type: "url" },
  { name: "tokenUrl", label: "Access token URL", hint: "the platform's OAuth 2 token endpoint", type: "url" },
  { name: "jwksUrl", label: "Public keyset URL", hint: "the platform's JWKS", type: "url" },
  { name: "name", label: "Name (optional)", hint: "how this page calls it", type: "text" },
] as const;

/**
 * Registers an LMS from the admin console: the same as `npm run lti:register`. Registering the same issuer and client
 * id again adds a deployment or updates the URLs.
 */
export function PlatformRegistrationForm() {
  const { busy, message, run } = useAdminCall();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const body = Object.fromEntries(FIELDS.flatMap((field) => {
      const value = String(data.get(field.name) ?? "").trim();
      return value === "" ? [] : [[field.name, value]];
    }));
    void run(async () => {
      const outcome = await callApi("/api/admin/lti/platforms", registerPlatformResponseSchema, { method: "POST", body: JSON.stringify(body) });
      form.reset();
      const what = { created: "Registered", updated: "Updated", unchanged: "Already registered:" }[outcome.platformChange];
      return `${what} ${outcome.platform.name}${outcome.deploymentAdded ? `, with deployment ${outcome.platform.deploymentIds.at(-1) ?? ""}` : ""}.`;
    });
  }

  return (
    <form className="stack lti-registration" onSubmit={onSubmit} aria-label="Register an LMS">
      <div className="lti-fields">
        {FIELDS.map((field) => (
          <label key={field.name}>
            {field.label}
            <input name={field.name} type={field.type} required={field.name !== "name"} maxLength={field.type === "url" ? 2000 : 255} aria-describedby={`lti-hint-${field.name}`} />
            <span id={`lti-hint-${field.name}`} className="muted small">
              {field.hint}
            </span>
          </label>
        ))}
      </div>
      <div className="row">
        <button type="submit" className="button" disabled={busy}>
          Register
        </button>
      </div>
      <CallOutcome message={message} />
    </form>
  );
}
