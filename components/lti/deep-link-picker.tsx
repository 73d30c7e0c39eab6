"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import type { DeepLinkAnswerResponse, DeepLinkCatalogCourse, DeepLinkItem, DeepLinkRequestView } from "../../contract/http/lti-deep-linking";
import { ApiError } from "../api/call-api";
import { answerDeepLink } from "./lti-api";
import "./lti.css";

export interface DeepLinkPickerProps {
  request: DeepLinkRequestView;
  catalog: DeepLinkCatalogCourse[];
}

const keyOf = (item: DeepLinkItem) => `${item.kind}:${item.id}`;

/**
 * The catalog as an instructor picks from it for their LMS: each course (folded, unless there is only one), its
 * modules, their lessons and exercises. Checkboxes when the LMS takes several items, radio buttons when it takes
 * one. On "Add", the server signs the answer; the page then posts it to the LMS in a form (Deep Linking 2.0, 4.2:
 * a POST of one JWT field to the return URL), which takes this frame back to the LMS.
 */
export function DeepLinkPicker({ request, catalog }: DeepLinkPickerProps) {
  const [picked, setPicked] = useState<DeepLinkItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<DeepLinkAnswerResponse | null>(null);
  const returnForm = useRef<HTMLFormElement>(null);
  const destination = request.contextTitle ?? request.platformName;
  const pickedKeys = new Set(picked.map(keyOf));

  // The answer's form is rendered first, then sent: the LMS's page replaces this one.
  useEffect(() => {
    if (answer) returnForm.current?.submit();
  }, [answer]);

  function toggle(item: DeepLinkItem, checked: boolean) {
    setError(null);
    if (!request.acceptMultiple) setPicked(checked ? [item] : []);
    else setPicked((current) => (checked ? [...current.filter((p) => keyOf(p) !== keyOf(item)), item] : current.filter((p) => keyOf(p) !== keyOf(item))));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (picked.length === 0) {
      setError(request.acceptMultiple ? "Pick at least one course, lesson or exercise." : "Pick a course, lesson or exercise.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setAnswer(await answerDeepLink(request.id, picked));
    } catch (reason) {
      setError(reason instanceof ApiError ? reason.message : String(reason));
      setBusy(false);
    }
  }

  if (answer) {
    return (
      <form ref={returnForm} method="post" action={answer.returnUrl} className="card stack" aria-live="polite">
        <input type="hidden" name="JWT" value={answer.jwt} />
        <p style={{ margin: 0 }}>Sending your choice to {request.platformName}…</p>
        <div>
          <button type="submit" className="button">
            Continue to {request.platformName}
          </button>
        </div>
      </form>
    );
  }

  const choice = (item: DeepLinkItem, label: string, kind: string, extra?: string) => (
    <label className="lti-choice">
      <input
        type={request.acceptMultiple ? "checkbox" : "radio"}
        name="item"
        value={keyOf(item)}
        checked={pickedKeys.has(keyOf(item))}
        onChange={(event) => toggle(item, event.currentTarget.checked)}
        disabled={busy}
      />
      <span>
        <span className="lti-choice-kind">{kind}</span> {label}
        {extra ? (
          <>
            {" "}
            <span className="badge">{extra}</span>
          </>
        ) : null}
      </span>
    </label>
  );

  return (
    <form className="lti-picker stack" onSubmit={onSubmit} aria-describedby="lti-picker-help">
      <p id="lti-picker-help" className="muted" style={{ margin: 0 }}>
        {request.acceptMultiple ? "Tick the courses, lessons and exercises to add." : `${request.platformName} takes one item here: choose a course, a lesson or an exercise.`}{" "}
        {request.acceptLineItem
          ? "Each exercise becomes a graded item in the LMS, out of its points; Pagewise sends the grades there."
          : "This place in the LMS takes no graded items: exercises are added as plain links."}
      </p>
      {catalog.length === 0 ? <p className="empty">There are no courses in Pagewise yet.</p> : null}
      {catalog.map((course) => (
        <details key={course.id} className="card" open={catalog.length === 1}>
          <summary>{course.title}</summary>
          <fieldset>
            {/* The summary above shows the title; the legend names the group for screen readers. */}
            <legend className="sr-only">{course.title}</legend>
            <p className="muted" style={{ margin: "0 0 0.5rem" }}>
              {course.summary}
            </p>
            {choice({ kind: "course", id: course.id }, course.title, "Whole course:")}
            <div className="lti-picker-modules" style={{ marginTop: "0.75rem" }}>
              {course.modules.map((module) => (
                <fieldset key={module.id}>
                  <legend>{module.title}</legend>
                  <ul className="lti-picker-list">
                    {module.lessons.map((lesson) => (
                      <li key={lesson.id}>
                        {choice({ kind: "lesson", id: lesson.id }, lesson.title, "Lesson:")}
                        {lesson.exercises.length > 0 ? (
                          <ul className="lti-picker-list">
                            {lesson.exercises.map((exercise) => (
                              <li key={exercise.id}>{choice({ kind: "exercise", id: exercise.id }, exercise.title, "Exercise:", `${exercise.maxScore} points`)}</li>
                            ))}
                          </ul>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </fieldset>
              ))}
            </div>
          </fieldset>
        </details>
      ))}
      <div className="lti-picker-actions row">
        <button type="submit" className="button primary" disabled={busy || catalog.length === 0}>
          {busy ? "Adding…" : `Add to ${destination}`}
        </button>
        <span className="muted" aria-live="polite">
          {picked.length === 0 ? "Nothing picked yet." : picked.length === 1 ? "1 item picked." : `${picked.length} items picked.`}
        </span>
      </div>
      {error ? (
        <p className="alert error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
