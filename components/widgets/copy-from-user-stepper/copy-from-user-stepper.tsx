"use client";

import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { stepKeyTarget } from "../step-keys";
import { mdxWidget } from "../mdx-widget";
import { MAX_COPY, runCopy } from "./copy-steps";
import { DestBytes } from "./dest-bytes";
import { SourcePagesSvg } from "./source-pages-svg";
import { parseLength, parsePointer, parseStepperProps, type StepperConfig } from "./stepper-props";
import { buildStepperSpace, presetsFor, type PresetId } from "./stepper-space";

/**
 * Lesson widget: copy_from_user on a seeded user address space, one step at a time (access_ok, each page, the fault,
 * the zero fill, the return value). MDX: `<CopyFromUserStepper seed="lesson-4" preset="into-unmapped" />`.
 */
export const CopyFromUserStepper = mdxWidget("CopyFromUserStepper", "cfu-error", parseStepperProps, ({ config }) => (
  <Stepper config={config} />
));

const hex = (v: bigint) => "0x" + BigInt.asUintN(64, v).toString(16);

function Stepper({ config }: { config: StepperConfig }) {
  const id = useId();
  const space = useMemo(() => buildStepperSpace(config.seed), [config.seed]);
  const presets = useMemo(() => presetsFor(space), [space]);
  const first = config.custom ?? presets.find((p) => p.id === config.preset) ?? { from: BigInt(space.base), n: 0 };
  const [choice, setChoice] = useState<PresetId | "custom">(config.custom === null ? config.preset : "custom");
  const [applied, setApplied] = useState({ from: first.from, n: first.n });
  const [fromText, setFromText] = useState(hex(first.from));
  const [nText, setNText] = useState(String(first.n));
  const [index, setIndex] = useState(0);
  const run = useMemo(() => runCopy(space, applied.from, applied.n), [space, applied]);
  const last = run.steps.length - 1;
  const at = Math.min(index, last);
  const step = run.steps[at] ?? run.steps[0];
  const state = run.states[at] ?? { copied: 0, zeroed: false };

  const apply = (from: bigint | null, n: number | null) => {
    if (from === null || n === null) return;
    setApplied({ from, n });
    setIndex(0);
  };
  const choosePreset = (value: string) => {
    const p = presets.find((q) => q.id === value);
    if (p === undefined) {
      setChoice("custom");
      return;
    }
    setChoice(p.id);
    setFromText(hex(p.from));
    setNText(String(p.n));
    apply(p.from, p.n);
  };
  const go = (to: number) => setIndex(Math.max(0, Math.min(last, to)));
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = stepKeyTarget(e.key, at, last);
    if (target === null) return;
    e.preventDefault();
    go(target);
  };
  const fromBad = parsePointer(fromText) === null;
  const nBad = parseLength(nText) === null;

  if (step === undefined) return null;
  return (
    <figure className="cfu" aria-label="copy_from_user, step by step">
      <div className="cfu-controls">
        <label>
          Case
          <select value={choice} onChange={(e) => choosePreset(e.target.value)}>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value="custom">your own pointer and length</option>
          </select>
        </label>
        <label>
          from (user pointer)
          <input
            type="text"
            spellCheck={false}
            value={fromText}
            aria-invalid={fromBad}
            onChange={(e) => {
              setFromText(e.target.value);
              setChoice("custom");
              apply(parsePointer(e.target.value), parseLength(nText));
            }}
          />
        </label>
        <label>
          n (bytes)
          <input
            type="text"
            inputMode="numeric"
            value={nText}
            aria-invalid={nBad}
            onChange={(e) => {
              setNText(e.target.value);
              setChoice("custom");
              apply(parsePointer(fromText), parseLength(e.target.value));
            }}
          />
        </label>
      </div>
      {fromBad || nBad ? (
        <p className="cfu-hint" role="status">
          {fromBad ? "from must be 0x followed by 1 to 16 hex digits. " : ""}
          {nBad ? `n must be a whole number from 0 to ${MAX_COPY}.` : ""} Showing the last valid copy.
        </p>
      ) : null}
      <div
        className="cfu-stage"
        tabIndex={0}
        role="group"
        aria-label={`Step ${at + 1} of ${last + 1}; arrow keys step`}
        onKeyDown={onKey}
      >
        <SourcePagesSvg space={space} run={run} step={step} copied={state.copied} titleId={`${id}-pages`} />
        <div className="cfu-nav">
          <button type="button" className="button" onClick={() => go(0)} disabled={at === 0} aria-label="First step">
            ⏮
          </button>
          <button
            type="button"
            className="button"
            onClick={() => go(at - 1)}
            disabled={at === 0}
            aria-label="Back one step"
          >
            ◀ Back
          </button>
          <span className="cfu-count" aria-hidden="true">{`${at + 1} / ${last + 1}`}</span>
          <button
            type="button"
            className="button primary"
            onClick={() => go(at + 1)}
            disabled={at === last}
            aria-label="Next step"
          >
            Next ▶
          </button>
          <button
            type="button"
            className="button"
            onClick={() => go(last)}
            disabled={at === last}
            aria-label="Last step"
          >
            ⏭
          </button>
        </div>
        <ol className="cfu-steps">
          {run.steps.slice(0, at + 1).map((s, i) => (
            <li
              key={i}
              className={`cfu-step cfu-step-${s.kind}${s.kind === "access-ok" && !s.ok ? " cfu-step-refused" : ""}`}
              aria-current={i === at ? "step" : undefined}
            >
              {s.text}
            </li>
          ))}
        </ol>
        <p className="sr-only" aria-live="polite">
          {step.text}
        </p>
        <DestBytes dest={run.dest} state={state} />
        {step.kind === "return" ? (
          <p className={`alert ${step.value === 0 ? "ok" : "warn"} cfu-result`}>
            copy_from_user returned <strong>{step.value}</strong>:{" "}
            {step.value === 0 ? "all" : `${run.n - step.value} of ${run.n}`} bytes copied, {step.value} not copied.{" "}
            {run.faultsTaken === 0 ? "No page fault was taken." : `Page faults taken: ${run.faultsTaken}.`}
          </p>
        ) : null}
      </div>
    </figure>
  );
}
