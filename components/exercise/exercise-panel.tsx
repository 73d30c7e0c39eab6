"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ScheduleView } from "../../contract/access";
import { AccessStatus } from "../access/access-status";
import { useAccess } from "../access/use-access";
import { CodeEditor, type CodeEditorHandle } from "../editor/code-editor";
import { creditNote, regradeNote } from "./credit-note";
import { ApiError, fetchSubmission, saveDraft, submitCode } from "./api-client";
import { ResultPanel } from "./result-panel";
import { runPublicChecks } from "./run-client";
import { SubmissionHistory } from "./submission-history";
import type { SubmissionView } from "../../contract/http/submissions";
import { isFinal, type RunOutcome } from "./types";

export interface ExercisePanelProps {
  exerciseId: string;
  title: string;
  starterCode: string;
  initialCode: string;
  initialSubmissions: SubmissionView[];
  maxScore: number;
  codeSizeLimitBytes: number;
  /** The learner's access windows for this exercise (null: always open). */
  schedule: ScheduleView | null;
  /** A grade an instructor set by hand, with why (null: the automatic grade, the best submission, counts). */
  override: { score: number; reason: string; setBy: string | null; automatic: number | null } | null;
}

const DRAFT_SAVE_DELAY_MS = 800;
/**
 * Long poll: the server answers as soon as grading ends. If this web process is not the one grading
 * (several servers), it answers at once, so back off between asks: 100 ms, 150 ms, ... up to 1 s.
 */
const LONG_POLL_MS = 8_000;
function pollDelayMs(attempt: number): number {
  return Math.min(100 * 1.5 ** attempt, 1_000);
}

/** The editor with Run (public checks, in the browser), Submit (graded on the server) and the results. */
export function ExercisePanel(props: ExercisePanelProps) {
  const { exerciseId, title, starterCode, initialCode, initialSubmissions, codeSizeLimitBytes, schedule, override, maxScore } = props;
  const { decision } = useAccess(schedule);
  // The server decides again when the code arrives; this only spares a learner a refusal they can see coming.
  const submitClosed = decision !== null && !decision.open && schedule?.exempt !== true;
  const [code, setCode] = useState(initialCode);
  const [submissions, setSubmissions] = useState(initialSubmissions);
  const [selectedId, setSelectedId] = useState<string | null>(initialSubmissions[0]?.id ?? null);
  const [runOutcome, setRunOutcome] = useState<RunOutcome | null>(null);
  const [shown, setShown] = useState<"run" | "submission">(initialSubmissions.length > 0 ? "submission" : "run");
  const [busy, setBusy] = useState<null | "running" | "submitting">(null);
  const [error, setError] = useState<string | null>(null);
  const [draftState, setDraftState] = useState<"saved" | "saving" | "unsaved" | "error">("saved");
  const editor = useRef<CodeEditorHandle | null>(null);
  const latestCode = useRef(code);
  latestCode.current = code;

  // Drafts: saved a moment after typing stops, so a reload never loses work.
  useEffect(() => {
    if (code === initialCode && draftState === "saved") return;
    setDraftState("unsaved");
    const timer = setTimeout(() => {
      setDraftState("saving");
      saveDraft(exerciseId, code).then(
        () => setDraftState(latestCode.current === code ? "saved" : "unsaved"),
        () => setDraftState("error"),
      );
    }, DRAFT_SAVE_DELAY_MS);
    return () => clearTimeout(timer);
    // Only the code drives saving (draftState and initialCode are read, not watched).
  }, [code, exerciseId]);

  const run = useCallback(async () => {
    if (busy || !editor.current) return;
    setBusy("running");
    setError(null);
    try {
      const compileErrors = await editor.current.errors();
      if (compileErrors.length > 0) {
        setRunOutcome({
          kind: "run",
          status: "compile_error",
          message: `Fix ${compileErrors.length === 1 ? "this error" : `these ${compileErrors.length} errors`} first (the red squiggles in the editor).`,
          checks: [],
          compileErrors,
          console: "",
        });
      } else {
        setRunOutcome(await runPublicChecks(exerciseId, await editor.current.compile()));
      }
      setShown("run");
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(null);
    }
  }, [busy, exerciseId]);

  const submit = useCallback(async () => {
    if (busy) return;
    const size = new TextEncoder().encode(latestCode.current).length;
    if (size > codeSizeLimitBytes) {
      setError(`Your code is ${size} bytes; this exercise accepts at most ${codeSizeLimitBytes}.`);
      return;
    }
    setBusy("submitting");
    setError(null);
    try {
      let submission = await submitCode(exerciseId, latestCode.current);
      setSubmissions((list) => [submission, ...list]);
      setSelectedId(submission.id);
      setShown("submission");
      for (let attempt = 0; !isFinal(submission.status); attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, pollDelayMs(attempt)));
        submission = await fetchSubmission(submission.id, LONG_POLL_MS);
        const latest = submission;
        setSubmissions((list) => list.map((item) => (item.id === latest.id ? latest : item)));
      }
    } catch (reason) {
      setError(reason instanceof ApiError || reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(null);
    }
  }, [busy, codeSizeLimitBytes, exerciseId]);

  const selected = submissions.find((s) => s.id === selectedId) ?? null;

  return (
    <div className="stack" style={{ gap: "0.75rem" }}>
      <AccessStatus schedule={schedule} />
      {override ? (
        <p className="alert ok" data-testid="grade-override">
          Your grade: <strong>{override.score} / {maxScore}</strong>, set by {override.setBy ?? "your instructor"}: <q>{override.reason}</q>
          {override.automatic !== null ? ` (your best submission scored ${override.automatic}).` : "."}
        </p>
      ) : null}
      <div className="editor-toolbar">
        <button type="button" className="button" onClick={run} disabled={busy !== null} title="Run the public checks in your browser (Ctrl+Enter)">
          {busy === "running" ? "Running…" : "Run"}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={submit}
          disabled={busy !== null || submitClosed}
          title={submitClosed ? "This exercise accepts no submissions now" : "Submit for grading (Ctrl+Shift+Enter)"}
        >
          {busy === "submitting" ? "Grading…" : "Submit"}
        </button>
        <button
          type="button"
          className="button ghost"
          onClick={() => {
            if (window.confirm("Replace your code with the starter code?")) setCode(starterCode);
          }}
        >
          Reset
        </button>
        <span className="hint" aria-live="polite">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> run · <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Enter</kbd> submit ·{" "}
          <span data-testid="draft-state">{draftLabel(draftState)}</span>
        </span>
      </div>
      <div className="editor-frame">
        <CodeEditor
          path={`file:///exercises/${exerciseId}/solution.ts`}
          value={code}
          onChange={setCode}
          onRun={run}
          onSubmit={submit}
          onReady={(handle) => {
            editor.current = handle;
          }}
          label={`Code editor for ${title}`}
        />
      </div>
      {busy ? (
        <div className="progress indeterminate" role="progressbar" aria-label={busy === "running" ? "Running public checks" : "Grading your submission"}>
          <span />
        </div>
      ) : null}
      {error ? (
        <p className="alert error" role="alert">
          {error}
        </p>
      ) : null}
      {shown === "run" && runOutcome ? (
        <ResultPanel
          heading="Run: public checks (not graded)"
          status={runOutcome.status}
          message={runOutcome.message}
          score={runOutcome.checks.reduce((sum, c) => sum + c.earned, 0)}
          maxScore={runOutcome.checks.reduce((sum, c) => sum + c.points, 0)}
          checks={runOutcome.checks}
          compileErrors={runOutcome.compileErrors}
          console={runOutcome.console}
        />
      ) : null}
      {shown === "submission" && selected ? <SubmissionResult submission={selected} /> : null}
      <SubmissionHistory
        submissions={submissions}
        selectedId={selectedId}
        onSelect={(id) => {
          setSelectedId(id);
          setShown("submission");
        }}
        onRestore={(restored) => setCode(restored)}
      />
    </div>
  );
}

function SubmissionResult({ submission }: { submission: SubmissionView }) {
  if (!isFinal(submission.status)) {
    return (
      <p className="alert warn" aria-live="polite" data-testid="submission-pending">
        {submission.status === "queued" ? "Waiting for a grader…" : "Grading…"}
      </p>
    );
  }
  const result = submission.result;
  return (
    <ResultPanel
      heading="Submission"
      status={result?.status ?? "internal_error"}
      message={result?.message ?? submission.message ?? "This submission could not be graded."}
      score={submission.score}
      maxScore={submission.maxScore}
      checks={result?.checks ?? []}
      compileErrors={result?.compileErrors ?? []}
      console={result?.console ?? ""}
      credit={noteFor(submission)}
      regraded={regradeNote(submission)}
    />
  );
}

function noteFor(submission: SubmissionView): { note: string; rawScore: number | null } | null {
  const note = creditNote(submission);
  return note ? { note, rawScore: submission.rawScore } : null;
}

function draftLabel(state: "saved" | "saving" | "unsaved" | "error"): string {
  return { saved: "draft saved", saving: "saving draft…", unsaved: "editing…", error: "draft NOT saved (offline?)" }[state];
}
