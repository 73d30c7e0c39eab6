"use client";

import type { CheckResult, CompileError, Trace } from "../../contract/grade-result";
import { formatPoints } from "../format/points";
import { TraceSteps } from "../widgets/page-walk-stepper/trace-steps";

export interface ResultPanelProps {
  heading: string;
  status: string;
  message: string;
  score: number | null;
  maxScore: number | null;
  checks: CheckResult[];
  compileErrors: CompileError[];
  console: string;
  /** The submission's credit ("late: 50% credit"), with its raw score when credit took part of it. */
  credit?: { note: string; rawScore: number | null } | null;
  /** "regraded: 7 -> 9" when a regrade changed the score. */
  regraded?: string | null;
}

/** Each check's verdict and message; for a failed walk, the learner's walk beside the reference walk. */
export function ResultPanel({ heading, status, message, score, maxScore, checks, compileErrors, console: output, credit, regraded }: ResultPanelProps) {
  return (
    <section className="result card" aria-live="polite" aria-label={heading} data-testid="result-panel">
      <div className="row">
        <h3 style={{ margin: 0 }}>{heading}</h3>
        {score !== null && maxScore !== null ? (
          <span className="score" data-testid="score">
            {formatPoints(score)} / {formatPoints(maxScore)}
          </span>
        ) : null}
      </div>
      {regraded ? (
        <p className="regrade-note" data-testid="regrade-note">
          {regraded}
        </p>
      ) : null}
      {credit ? (
        <p className="credit-note" data-testid="credit-note">
          {credit.note}
          {credit.rawScore !== null && credit.rawScore !== score ? ` (${formatPoints(credit.rawScore)} before credit)` : ""}
        </p>
      ) : null}
      <p className={`alert ${status === "graded" && score !== null && score === maxScore ? "ok" : status === "graded" ? "warn" : "error"}`}>
        {message}
      </p>
      {compileErrors.length > 0 ? (
        <ul className="checks">
          {compileErrors.map((error, index) => (
            <li key={index} className="check" data-verdict="error">
              Line {error.line}, column {error.column}: {error.message}
            </li>
          ))}
        </ul>
      ) : null}
      {checks.length > 0 ? (
        <ul className="checks">
          {checks.map((check) => (
            <CheckItem key={`${check.visibility}:${check.name}`} check={check} />
          ))}
        </ul>
      ) : null}
      {output ? (
        <details>
          <summary>Console output</summary>
          <pre>{output}</pre>
        </details>
      ) : null}
    </section>
  );
}

function CheckItem({ check }: { check: CheckResult }) {
  return (
    <li className="check" data-verdict={check.verdict} data-testid="check">
      <div className="check-head">
        <span className={`verdict ${check.verdict}`}>{verdictLabel(check.verdict)}</span>
        <span>{check.name}</span>
        {check.visibility === "hidden" ? <span className="badge">hidden</span> : null}
        <span className="pts">
          {formatPoints(check.earned)} / {formatPoints(check.points)}
        </span>
      </div>
      {check.verdict !== "pass" && check.message ? <p className="check-message">{check.message}</p> : null}
      {check.traces && (check.traces.learner || check.traces.reference) ? (
        <div className="trace-pair">
          <TraceView title="Your walk" trace={check.traces.learner} />
          <TraceView title="The reference walk" trace={check.traces.reference} />
        </div>
      ) : null}
    </li>
  );
}

function TraceView({ title, trace }: { title: string; trace: Trace | null }) {
  return (
    <div>
      <h4>{title}</h4>
      {trace ? (
        <TraceSteps trace={trace} />
      ) : (
        <p className="muted">No walk to show.</p>
      )}
    </div>
  );
}

function verdictLabel(verdict: CheckResult["verdict"]): string {
  return { pass: "pass", fail: "fail", error: "error", timeout: "timeout", not_run: "not run" }[verdict];
}
