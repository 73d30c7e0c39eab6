"use client";

import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from "react";
import { SPLIT_DEFAULT, SPLIT_MAX, SPLIT_MIN, applySplit, clampSplit, storedSplit } from "./workspace-storage";

const KEY_STEP = 2;

/**
 * The handle between the lesson and the exercise: drag it, or focus it and use the arrow keys (Home and End for the
 * extremes); a double click puts it back. The share is remembered on this device (workspace-storage.ts).
 */
export function PaneSplitter({ container, controls }: { container: RefObject<HTMLElement | null>; controls: string }) {
  const [share, setShare] = useState(SPLIT_DEFAULT);
  const dragging = useRef(false);
  useEffect(() => setShare(storedSplit()), []);

  const set = (percent: number, remember: boolean) => {
    const clamped = clampSplit(percent);
    setShare(clamped);
    applySplit(clamped, remember);
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    dragging.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    // Text selection would follow the pointer across both panes while dragging.
    document.body.classList.add("ws-resizing");
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const box = container.current?.getBoundingClientRect();
    if (!dragging.current || !box || box.width === 0) return;
    set(((event.clientX - box.left) / box.width) * 100, false);
  };
  const onPointerUp = () => {
    if (!dragging.current) return;
    dragging.current = false;
    document.body.classList.remove("ws-resizing");
    applySplit(share, true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = { ArrowLeft: share - KEY_STEP, ArrowRight: share + KEY_STEP, Home: SPLIT_MIN, End: SPLIT_MAX }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    set(next, true);
  };

  return (
    <div
      className="ws-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the lesson and the exercise"
      aria-controls={controls}
      aria-valuemin={SPLIT_MIN}
      aria-valuemax={SPLIT_MAX}
      aria-valuenow={Math.round(share)}
      aria-valuetext={`Lesson ${Math.round(share)}% of the width`}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onDoubleClick={() => set(SPLIT_DEFAULT, true)}
      title="Drag, or use the arrow keys, to resize"
    />
  );
}
