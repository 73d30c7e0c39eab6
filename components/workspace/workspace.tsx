"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { PaneSplitter } from "./pane-splitter";
import { WorkspaceProvider, partId, type WorkspaceState } from "./workspace-context";
import { NARROW_QUERY, WORKSPACE_TABS, applyTab, storedTab, type WorkspaceTab } from "./workspace-storage";
import { useMediaQuery } from "./use-media-query";
import "./workspace.css";

export interface WorkspaceExercise {
  id: string;
  title: string;
  /** The exercise panel, rendered by the page (components/exercise/exercise-panel.tsx). */
  panel: ReactNode;
}

const TAB_LABELS: Record<WorkspaceTab, string> = { lesson: "Lesson", task: "Task", code: "Code", results: "Results" };
const LESSON_PANE_ID = "ws-lesson";

/**
 * A lesson with its exercise. Wide screens: the two side by side in panes that scroll on their own, split by a
 * handle the learner can move, the editor and its buttons always in view. Narrow screens: tabs (Lesson, Task, Code,
 * Results), the one in use remembered. Layout is CSS (workspace.css, keyed on `:root[data-workspace-tab]`, which
 * the boot script restores before paint); this component adds the roles, the keys and the links between the parts.
 */
export function Workspace({ lesson, exercises }: { lesson: ReactNode; exercises: WorkspaceExercise[] }) {
  const narrow = useMediaQuery(NARROW_QUERY);
  const [tab, setTab] = useState<WorkspaceTab>("lesson");
  const [selected, setSelected] = useState(exercises[0]?.id ?? "");
  const panes = useRef<HTMLDivElement | null>(null);
  const tabButtons = useRef(new Map<WorkspaceTab, HTMLButtonElement>());

  const targetOf = useCallback((which: WorkspaceTab, exerciseId = selected) => (which === "lesson" ? LESSON_PANE_ID : partId(which, exerciseId)), [selected]);

  const show = useCallback(
    (next: WorkspaceTab, options: { focus?: boolean; exerciseId?: string } = {}) => {
      setTab(next);
      applyTab(next);
      if (!options.focus) return;
      // After the tab's panel is displayed: focus cannot land in an element that is still display: none.
      requestAnimationFrame(() => {
        const target = document.getElementById(targetOf(next, options.exerciseId));
        target?.focus({ preventScroll: false });
        target?.scrollIntoView({ block: "nearest" });
      });
    },
    [targetOf],
  );

  useEffect(() => {
    setTab(storedTab());
    // A link to one exercise (the course outline's "#exercise-<id>") opens it, at its code on a narrow screen.
    const linked = exercises.find((exercise) => window.location.hash === `#exercise-${exercise.id}`);
    if (linked) {
      setSelected(linked.id);
      if (matchMedia(NARROW_QUERY).matches) show("code");
    }
    // Once, on arrival: later hash changes are the skip links' own.
  }, []);

  const state = useMemo<WorkspaceState>(() => ({ narrow, tab, show }), [narrow, tab, show]);

  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>, current: WorkspaceTab) => {
    const index = WORKSPACE_TABS.indexOf(current);
    const last = WORKSPACE_TABS.length - 1;
    const nextIndex = { ArrowLeft: index === 0 ? last : index - 1, ArrowRight: index === last ? 0 : index + 1, Home: 0, End: last }[event.key];
    if (nextIndex === undefined) return;
    event.preventDefault();
    const next = WORKSPACE_TABS[nextIndex] as WorkspaceTab;
    show(next);
    tabButtons.current.get(next)?.focus();
  };

  const skipTo = (event: MouseEvent<HTMLAnchorElement>, which: WorkspaceTab) => {
    event.preventDefault();
    show(which, { focus: true });
  };

  return (
    <WorkspaceProvider value={state}>
      <div className="workspace">
        <nav className="ws-skip" aria-label="Skip within this lesson">
          <a href={`#${LESSON_PANE_ID}`} onClick={(event) => skipTo(event, "lesson")}>
            Skip to the lesson
          </a>
          <a href={`#${targetOf("code")}`} onClick={(event) => skipTo(event, "code")}>
            Skip to the code
          </a>
          <a href={`#${targetOf("results")}`} onClick={(event) => skipTo(event, "results")}>
            Skip to the results
          </a>
        </nav>
        {narrow ? (
          <div className="ws-tabs" role="tablist" aria-label="Lesson and exercise">
            {WORKSPACE_TABS.map((which) => (
              <button
                key={which}
                ref={(button) => {
                  if (button) tabButtons.current.set(which, button);
                  else tabButtons.current.delete(which);
                }}
                type="button"
                role="tab"
                id={`ws-tab-${which}`}
                aria-selected={tab === which}
                aria-controls={targetOf(which)}
                tabIndex={tab === which ? 0 : -1}
                className="ws-tab"
                onClick={() => show(which)}
                onKeyDown={(event) => onTabKeyDown(event, which)}
              >
                {TAB_LABELS[which]}
              </button>
            ))}
          </div>
        ) : null}
        <div className="ws-panes" ref={panes}>
          <section
            id={LESSON_PANE_ID}
            className="ws-pane ws-lesson"
            data-pane="lesson"
            tabIndex={-1}
            {...(narrow ? { role: "tabpanel", "aria-labelledby": "ws-tab-lesson" } : { "aria-label": "Lesson" })}
          >
            <p className="ws-go-to-exercise">
              <a href={`#${targetOf("code")}`} onClick={(event) => skipTo(event, "code")}>
                Go to the exercise →
              </a>
            </p>
            {lesson}
          </section>
          <PaneSplitter container={panes} controls={LESSON_PANE_ID} />
          <section className="ws-pane ws-exercise" data-pane="exercise" aria-label="Exercise">
            {exercises.length > 1 ? (
              <div className="ws-exercise-picker" role="group" aria-label="Exercises in this lesson">
                {exercises.map((exercise) => (
                  <button key={exercise.id} type="button" className="button" aria-pressed={exercise.id === selected} onClick={() => setSelected(exercise.id)}>
                    {exercise.title}
                  </button>
                ))}
              </div>
            ) : null}
            {exercises.map((exercise) => (
              // Hidden, not unmounted: an exercise keeps its editor, its draft and its results while another is shown.
              <div key={exercise.id} className="ws-exercise-item" hidden={exercise.id !== selected}>
                {exercise.panel}
              </div>
            ))}
          </section>
        </div>
      </div>
    </WorkspaceProvider>
  );
}
