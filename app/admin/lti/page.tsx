import type { Metadata } from "next";
import { AdminNav } from "@/components/admin/admin-nav";
import { PlatformRegistrationForm } from "@/components/lti/platform-registration-form";
import { RotateKeyButton } from "@/components/lti/rotate-key-button";
import "@/components/lti/lti-admin.css";
import { toolConfiguration } from "@/contract/lti";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { ScoreDeliveries } from "@/components/lti/score-deliveries";
import { SCORE_DELIVERY_STATE_LABELS, scoreDeliveryStateSchema } from "@/contract/lti-deliveries";
import { listScoreDeliveries, scoreDeliverySummary } from "@/server/lti/ags/deliveries";
import { listToolKeys } from "@/server/lti/keys";
import { listPlatforms } from "@/server/lti/platforms";
import { requireAdmin } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "LMS (LTI)" };

/**
 * For admins: the LMSs that may launch Pagewise (LTI 1.3), what to paste into a new one, the tool's signing keys,
 * and the grades on their way to LMS gradebooks. docs/lti.md walks through Canvas and Moodle.
 */
export default async function AdminLtiPage() {
  await requireAdmin("/admin/lti");
  const db = getDb();
  const config = toolConfiguration(getEnv().PUBLIC_URL);
  const [platforms, keys, summary, unsent] = await Promise.all([
    listPlatforms(db),
    listToolKeys(db),
    scoreDeliverySummary(db),
    listScoreDeliveries(db, { states: ["failed", "pending"], limit: 100 }),
  ]);
  const rows: [string, string][] = [
    ["OIDC login initiation URL", config.loginUrl],
    ["Redirect / launch URL", config.launchUrl],
    ["Public keyset (JWKS) URL", config.jwksUrl],
    ["Deep linking URL", config.deepLinkingUrl],
    ["Target link URI", config.targetLinkUri],
  ];
  return (
    <div className="stack">
      <AdminNav current="/admin/lti" />
      <h1>LMS (LTI 1.3)</h1>
      <p className="muted">
        Learners launch Pagewise from Canvas, Moodle, Blackboard or Brightspace, and their grades flow back to the LMS gradebook. Register each LMS here
        or with <code>npm run lti:register</code>; docs/lti.md says where each value goes.
      </p>

      <section className="card stack" aria-labelledby="lti-config">
        <h2 id="lti-config">Paste into the LMS</h2>
        <dl className="lti-config">
          {rows.map(([label, value]) => (
            <div key={label} style={{ display: "contents" }}>
              <dt>{label}</dt>
              <dd>
                <code>{value}</code>
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="card stack" aria-labelledby="lti-platforms">
        <h2 id="lti-platforms">Registered LMSs</h2>
        {platforms.length === 0 ? (
          <p className="empty">No LMS is registered yet: fill in the form below with the values your LMS shows for the tool, then paste the URLs above into it.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Registered LMSs</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Issuer</th>
                  <th scope="col">Client ID</th>
                  <th scope="col">Deployments</th>
                  <th scope="col">Endpoints</th>
                </tr>
              </thead>
              <tbody>
                {platforms.map((platform) => (
                  <tr key={platform.id} data-testid="lti-platform">
                    <th scope="row">{platform.name}</th>
                    <td>
                      <code>{platform.issuer}</code>
                    </td>
                    <td>
                      <code>{platform.clientId}</code>
                    </td>
                    <td>{platform.deploymentIds.join(", ")}</td>
                    <td className="small">
                      auth <code>{platform.authUrl}</code>
                      <br />
                      token <code>{platform.tokenUrl}</code>
                      <br />
                      keys <code>{platform.jwksUrl}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3>Register an LMS</h3>
        <PlatformRegistrationForm />
      </section>

      <section className="card stack" aria-labelledby="lti-keys">
        <h2 id="lti-keys">Signing keys</h2>
        <p className="muted">
          The tool signs its requests to LMSs (grades, rosters, deep-linking answers) with the newest key. A rotated key stays published for a day so that
          what it signed still verifies.
        </p>
        {keys.length === 0 ? (
          <p className="empty">No key yet: one is made the first time an LMS fetches the keyset or the tool signs something.</p>
        ) : (
          <ul>
            {keys.map((key) => (
              <li key={key.kid}>
                <code>{key.kid}</code> · made {key.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC ·{" "}
                {key.signing ? <strong>signing</strong> : key.published ? "rotated out, still published" : "retired"}
              </li>
            ))}
          </ul>
        )}
        <RotateKeyButton />
      </section>

      <section className="card stack" aria-labelledby="lti-grades">
        <h2 id="lti-grades">Grades to LMS gradebooks</h2>
        <p className="muted">
          {scoreDeliveryStateSchema.options.map((state) => `${SCORE_DELIVERY_STATE_LABELS[state]}: ${summary[state]}`).join(" · ")}. A failed delivery was
          refused by the LMS or ran out of retries; Retry sends it again.
        </p>
        <ScoreDeliveries rows={unsent} showRetry caption="Grades not yet delivered (failed or waiting), newest first" />
      </section>
    </div>
  );
}
