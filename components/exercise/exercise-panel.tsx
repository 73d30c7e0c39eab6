"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { ScheduleView } from "../../contract/access";
import { AccessStatus } from "../access/access-status";
import { useAccess } from "../access/use-access";
import { CodeEditor, type CodeEditorHandle } from "../editor/code-editor";
import { creditNote, regradeNote } from "./credit-note";
import { ApiError, fetchSubmission, saveDraft, submitCode } from "./api-client";
import { ResultPanel } from "./result-panel";
import { runPublicChecks } from "./run-client";
import { summarizeRun, summarizeSubmission, type ResultSummary } from "./result-summary";
import { SubmissionHistory } from "./submission-history";
import { partId, useWorkspace } from "../workspace/workspace-context";
import type { SubmissionView } from "../../contract/http/submissions";
import { isFinal, type RunOutcome } from "./types";
import "./exercise-panel.css";

export interface ExercisePanelProps {
  exerciseId: string;
  title: string;
  /** The task, rendered on the server from the exercise's prompt. */
  task: ReactNode;
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

/**
 * An exercise: its task, the editor with Run (public checks, in the browser) and Submit (graded on the server), a
 * one-line summary of the last outcome right under the buttons, and the details with the learner's submissions.
 * Inside a workspace (components/workspace) the parts are its panes or tabs.
 */
export function ExercisePanel(props: ExercisePanelProps) {
  const { exerciseId, title, task, starterCode, initialCode, initialSubmissions, codeSizeLimitBytes, schedule, override, maxScore } = props;
  const { decision } = useAccess(schedule);
  // The server decides again when the code arrives; this only spares a learner a refusal they can see coming.
  const submitClosed = decision !== null && !decision.open && schedule?.exempt !== true;
  const [code, setCode] = useState(initialCode);
  const [submissions, setSubmissions] = useState(initialSubmissions);
  const [selectedId, setSelectedId] = useState<string | null>(initialSubmissions[0]?.id ?? null);
  const [runOutcome, setRunOutcome] = useState<RunOutcome | null>(null);
  const [shown, setShown] = useState<"run" | "submission">(initialSubmissions.length > 0 ? "submission" : "run");
  const [busy, setBusy] = useState<null | "running" | "submitting">(null);
  const [editorReady, setEditorReady] = useState(false);
  const [waitingBefore, setWaitingBefore] = useState<number | null>(null);
  const [taskOpen, setTaskOpen] = useState(false);
  const workspace = useWorkspace();
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
    // Run is disabled until the editor is ready; a shortcut pressed before then lands here and waits for it.
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
      let response = await submitCode(exerciseId, latestCode.current);
      const accepted = response.submission;
      setSubmissions((list) => [accepted, ...list]);
      setSelectedId(accepted.id);
      setWaitingBefore(response.waitingBefore ?? null);
      setShown("submission");
      for (let attempt = 0; !isFinal(response.submission.status); attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, pollDelayMs(attempt)));
        response = await fetchSubmission(accepted.id, LONG_POLL_MS);
        const latest = response.submission;
        setWaitingBefore(response.waitingBefore ?? null);
        setSubmissions((list) => list.map((item) => (item.id === latest.id ? latest : item)));
      }
    } catch (reason) {
      setError(reason instanceof ApiError || reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(null);
    }
  }, [busy, codeSizeLimitBytes, exerciseId]);

  const selected = submissions.find((s) => s.id === selectedId) ?? null;
  const summary = currentSummary({ editorReady, busy, error, shown, runOutcome, selected, waitingBefore });
  const ids = { task: partId("task", exerciseId), code: partId("code", exerciseId), results: partId("results", exerciseId) };
  // On a narrow screen each part is a tab panel of the workspace's tab list; side by side they are plain regions.
  const partRole = (which: "task" | "code" | "results") =>
    workspace?.narrow ? { role: "tabpanel", "aria-labelledby": `ws-tab-${which}` } : { role: "region", "aria-label": partLabels[which] };
  const showDetails = () => {
    if (workspace) workspace.show("results", { focus: true });
    else document.getElementById(ids.results)?.focus();
  };
  const notReady = editorReady ? undefined : "editor-loading-note";

  return (
    <div className="exercise-panel" id={`exercise-${exerciseId}`}>
      <div className="exercise-head">
        <h2 id={`exercise-title-${exerciseId}`}>Exercise: {title}</h2>
        <AccessStatus schedule={schedule} />
        {override ? (
          <p className="alert ok" data-testid="grade-override">
            Your grade: <strong>{override.score} / {maxScore}</strong>, set by {override.setBy ?? "your instructor"}: <q>{override.reason}</q>
            {override.automatic !== null ? ` (your best submission scored ${override.automatic}).` : "."}
          </p>
        ) : null}
      </div>
      <div className="ws-part" data-part="task" id={ids.task} tabIndex={-1} {...partRole("task")}>
        {/* Closed by default beside the editor (its summary says what it is); a narrow screen's Task tab shows it whole. */}
        <details className="task" open={taskOpen || workspace?.narrow === true} onToggle={(event) => setTaskOpen(event.currentTarget.open)}>
          <summary>
            The task <span className="muted">({taskOpen ? "hide" : "show"})</span>
          </summary>
          <div className="prose">{task}</div>
        </details>
      </div>
      <div className="ws-part" data-part="code" id={ids.code} tabIndex={-1} {...partRole("code")}>
        <div className="editor-toolbar">
          <button
            type="button"
            className="button"
            onClick={run}
            disabled={busy !== null || !editorReady}
            aria-describedby={notReady}
            title="Run the public checks in your browser (Ctrl+Enter)"
          >
            {busy === "running" ? "Running…" : "Run"}
          </button>
          <button
            type="button"
            className="button primary"
            onClick={submit}
            disabled={busy !== null || submitClosed || !editorReady}
            aria-describedby={notReady}
            title={submitClosed ? "This exercise accepts no submissions now" : "Submit for grading (Ctrl+Shift+Enter)"}
          >
            {busy === "submitting" ? "Grading…" : "Submit"}
          </button>
          <button
            type="button"
            className="button ghost"
            disabled={!editorReady}
            onClick={() => {
              if (window.confirm("Replace your code with the starter code?")) setCode(starterCode);
            }}
          >
            Reset
          </button>
          <span className="draft-state" data-testid="draft-state" aria-live="polite">
            {draftLabel(draftState)}
          </span>
        </div>
        <div className={`result-summary ${summary.tone}`} role="status" data-testid="result-summary" data-tone={summary.tone}>
          {summary.tone === "busy" ? <span className="spinner" aria-hidden="true" /> : null}
          <span className="result-summary-text" id={notReady}>{summary.text}</span>
          {summary.details ? (
            <button type="button" className="button ghost small" onClick={showDetails}>
              Details
            </button>
          ) : null}
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
              setEditorReady(true);
            }}
            label={`Code editor for ${title}`}
          />
        </div>
        <p className="editor-keys kbd-hint">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> run · <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Enter</kbd> submit · <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the
          editor (or <kbd>Ctrl</kbd>+<kbd>M</kbd>: Tab moves focus)
        </p>
      </div>
      <div className="ws-part results-part" data-part="results" id={ids.results} tabIndex={-1} {...partRole("results")}>
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
            score={runOutcome.status === "compile_error" ? null : runOutcome.checks.reduce((sum, c) => sum + c.earned, 0)}
            maxScore={runOutcome.status === "compile_error" ? null : runOutcome.checks.reduce((sum, c) => sum + c.points, 0)}
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
    </div>
  );
}

const partLabels = { task: "Task", code: "Code", results: "Results" } as const;

/** What the summary line says now: the editor's state first, then what is running, then the last outcome shown. */
function currentSummary(state: {
  editorReady: boolean;
  busy: null | "running" | "submitting";
  error: string | null;
  shown: "run" | "submission";
  runOutcome: RunOutcome | null;
  selected: SubmissionView | null;
  waitingBefore: number | null;
}): ResultSummary & { details: boolean } {
  if (!state.editorReady) return { tone: "busy", text: "Loading the editor… Run and Submit are ready once it has loaded.", details: false };
  if (state.error) return { tone: "error", text: state.error, details: false };
  if (state.busy === "running") return { tone: "busy", text: "Running the public checks…", details: false };
  if (state.shown === "run" && state.runOutcome) return { ...summarizeRun(state.runOutcome), details: true };
  if (state.selected) {
    const pending = !isFinal(state.selected.status);
    return { ...summarizeSubmission(state.selected, pending ? state.waitingBefore : null), details: !pending };
  }
  if (state.busy === "submitting") return { tone: "busy", text: "Submitting…", details: false };
  return { tone: "idle", text: "Not run yet: Run checks your code against the public checks, Submit grades it.", details: false };
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
      // A compile error has no score to show: "0 / 20" would read as a graded attempt.
      score={result?.status === "compile_error" ? null : submission.score}
      maxScore={result?.status === "compile_error" ? null : submission.maxScore}
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
