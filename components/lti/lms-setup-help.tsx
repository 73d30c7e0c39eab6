import type { ToolConfiguration } from "../../contract/lti";
import "./lti.css";

/**
 * How an LMS gets Pagewise, in brief (docs/lti.md has it in full): the LMS administrator registers the tool with
 * these URLs, a Pagewise administrator registers the LMS back, and an instructor then adds Pagewise content to an
 * LMS course. Shown where someone arrives without an LMS behind them.
 */
export function LmsSetupHelp({ configuration }: { configuration: ToolConfiguration }) {
  return (
    <div className="stack">
      <p>
        To use Pagewise from Canvas, Moodle or another LMS that supports LTI 1.3, the LMS&apos;s administrator adds Pagewise as an external tool with
        these addresses:
      </p>
      <dl className="lti-urls">
        <dt>OpenID Connect login (initiation) URL</dt>
        <dd>
          <code>{configuration.loginUrl}</code>
        </dd>
        <dt>Redirect (launch) URL</dt>
        <dd>
          <code>{configuration.launchUrl}</code>
        </dd>
        <dt>Public keyset (JWKS) URL</dt>
        <dd>
          <code>{configuration.jwksUrl}</code>
        </dd>
        <dt>Deep linking (content selection) URL</dt>
        <dd>
          <code>{configuration.deepLinkingUrl}</code>
        </dd>
        <dt>Target link URI</dt>
        <dd>
          <code>{configuration.targetLinkUri}</code>
        </dd>
      </dl>
      <ul>
        <li>
          <strong>Canvas:</strong> Admin → Developer Keys → + Developer Key → LTI Key, with the URLs above, the &quot;Link Selection&quot; or &quot;Assignment
          Selection&quot; placement as an <em>LtiDeepLinkingRequest</em>, and the services for grades (AGS) and course membership (Names and Roles). Turn the key on,
          then add the app by its client ID under Settings → Apps.
        </li>
        <li>
          <strong>Moodle:</strong> Site administration → Plugins → Activity modules → External tool → Manage tools → configure a tool manually: LTI 1.3, public key type
          &quot;Keyset URL&quot;, &quot;Supports Deep Linking&quot; on, grade sync (AGS) and &quot;Names and Role Provisioning&quot; on, names and emails shared.
        </li>
        <li>
          Then a Pagewise administrator registers the LMS (its issuer, client ID and deployment ID, as the LMS shows them) under Admin → LTI, or with{" "}
          <code>npm run lti:register</code>.
        </li>
      </ul>
      <p className="muted">
        The whole procedure, with what each LMS field means, is in <code>docs/lti.md</code> in Pagewise&apos;s repository.
      </p>
    </div>
  );
}
