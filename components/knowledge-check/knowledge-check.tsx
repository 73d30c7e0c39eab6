"use client";

import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import type { PublicKnowledgeCheck } from "../../contract/http/knowledge-checks";
import type { KnowledgeCheckProgress } from "../../contract/http/knowledge-checks";
import { ApiError } from "../api/call-api";
import { sendAnswer } from "./api-client";
import { CheckText } from "./check-text";
import styles from "./knowledge-check.module.css";

export interface KnowledgeCheckProps {
  lessonId: string;
  /** The question and its options: what may be shown before an answer (never the answer key). */
  check: PublicKnowledgeCheck;
  /** The learner's last answer and its feedback, restored on reload; null if not answered yet. */
  initialProgress: KnowledgeCheckProgress | null;
  /** False for visitors who are not enrolled: they read the question but cannot answer. */
  canAnswer: boolean;
  /** 1-based, for the heading ("Question 2"). */
  number: number;
}

/**
 * One knowledge check: radio buttons or a number field, a Check button (Enter works too), and the verdict with
 * its explanation in a live region. Graded on the server; after a wrong answer the learner may try again, after
 * a right one the check stays answered.
 */
export function KnowledgeCheck({ lessonId, check, initialProgress, canAnswer, number }: KnowledgeCheckProps) {
  const [value, setValue] = useState(initialProgress?.answer ?? "");
  const [progress, setProgress] = useState(initialProgress);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const baseId = useId();
  const isDone = progress?.feedback.correct === true;
  const isLocked = !canAnswer || isDone || busy;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (isLocked || value.trim() === "") return;
    setBusy(true);
    setError(null);
    try {
      setProgress(await sendAnswer(lessonId, check.id, value));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Something went wrong. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  // Enter on a focused radio button checks the answer, as it does in the number field.
  function onKeyDown(event: KeyboardEvent<HTMLFieldSetElement>) {
    if (event.key === "Enter" && event.target instanceof HTMLInputElement && event.target.type === "radio") {
      event.preventDefault();
      void submit();
    }
  }

  const graded = progress?.answer ?? null;
  return (
    <form className={styles.check} onSubmit={submit} data-testid="knowledge-check" data-check-id={check.id}>
      <fieldset className={styles.fieldset} onKeyDown={onKeyDown} aria-describedby={`${baseId}-verdict`}>
        <legend className={styles.legend}>
          <span className={styles.number}>Question {number}.</span> <CheckText text={check.question} />
        </legend>
        {check.kind === "multiple-choice" ? (
          <ul className={styles.options}>
            {check.options.map((option) => {
              const mark =
                progress && graded === option.id
                  ? progress.feedback.correct
                    ? "correct"
                    : "wrong"
                  : progress?.feedback.correctAnswer === option.id
                    ? "answer"
                    : undefined;
              return (
                <li key={option.id} className={styles.option} data-mark={mark}>
                  <label className={styles.optionLabel}>
                    <input
                      type="radio"
                      name={`${baseId}-option`}
                      value={option.id}
                      checked={value === option.id}
                      disabled={isLocked}
                      onChange={() => setValue(option.id)}
                    />
                    <span>
                      <CheckText text={option.text} />
                      {mark === "answer" ? <span className={styles.tag}> (the correct answer)</span> : null}
                      {mark === "wrong" ? <span className={styles.tag}> (your answer)</span> : null}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        ) : (
          <label className={styles.numberLabel}>
            <span>Your answer (decimal, or hex with 0x)</span>
            <input
              type="text"
              autoComplete="off"
              spellCheck={false}
              className={styles.numberInput}
              value={value}
              disabled={isLocked}
              onChange={(event) => setValue(event.target.value)}
            />
          </label>
        )}
        <div className={styles.actions}>
          <button type="submit" className="button primary" disabled={isLocked || value.trim() === ""}>
            {busy ? "Checking…" : "Check"}
          </button>
          {progress && !isDone ? <span className="muted">Attempt {progress.attempts}. Try again.</span> : null}
          {!canAnswer ? <span className="muted">Enroll in this course to answer.</span> : null}
        </div>
      </fieldset>
      <div id={`${baseId}-verdict`} aria-live="polite" role="status" data-testid="knowledge-check-verdict">
        {error ? <p className="alert error">{error}</p> : null}
        {progress ? <Verdict check={check} progress={progress} /> : null}
      </div>
    </form>
  );
}

function Verdict({ check, progress }: { check: PublicKnowledgeCheck; progress: KnowledgeCheckProgress }) {
  const { feedback } = progress;
  const option = (id: string | null) =>
    check.kind === "multiple-choice" ? check.options.find((candidate) => candidate.id === id) : undefined;
  return (
    <div className={styles.verdict} data-correct={feedback.correct}>
      <p className={styles.verdictTitle}>
        {feedback.correct ? "Correct." : "Not quite."}
        {!feedback.correct && feedback.correctAnswer !== null ? (
          <>
            {" "}
            The answer is{" "}
            {check.kind === "multiple-choice" ? (
              <CheckText text={option(feedback.correctAnswer)?.text ?? feedback.correctAnswer} />
            ) : (
              <code>{feedback.correctAnswer}</code>
            )}
            .
          </>
        ) : null}
      </p>
      <p className={styles.explanation}>
        <CheckText text={feedback.explanation} />
      </p>
    </div>
  );
}
