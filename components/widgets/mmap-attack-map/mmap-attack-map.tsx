"use client";

import { useId, useMemo, useReducer, useState } from "react";
import { buggyHandlerSource, type HandlerBug } from "../../../sim/index";
import { mdxWidget } from "../mdx-widget";
import { parseBytes } from "../vma-diagram/vma-props";
import { AttackControls, type RequestTexts } from "./attack-controls";
import { AttackMapSvg } from "./attack-map-svg";
import { computeAttack, verdictOf, type AttackOutcome } from "./attack-model";
import { parseAttackProps, type AttackConfig, type AttackRequest, type AttackSetup } from "./attack-props";
import { AttackVerdictPanel } from "./attack-verdict";
import { PredictionPanel } from "./prediction-panel";
import { INITIAL_PREDICT_STATE, predictReducer, type PredictAction, type PredictState } from "./predict-flow";

/**
 * Lesson widget: an mmap request against one of sim's buggy handlers, and the physical frames the PTEs would point
 * to, drawn against the driver's buffer and a cred_jar page. The learner predicts (refused, maps but misses the
 * cred page, maps the cred page) before the mapping is revealed, and again after every change.
 * MDX: `<MmapAttackMap bug="no-size-check" pages="16" pfn="0x2a40" cred="0x2a65" ram="256" length="0x11000" offset="0" />`.
 */
export const MmapAttackMap = mdxWidget("MmapAttackMap", "vmad-error", parseAttackProps, (config) => (
  <AttackMapWidget initial={config} />
));

const hex = (v: bigint | number) => "0x" + v.toString(16);

function AttackMapWidget({ initial }: { initial: AttackConfig }) {
  const [setup, setSetup] = useState(initial.setup);
  const [request, setRequest] = useState(initial.request);
  const [texts, setTexts] = useState<RequestTexts>({
    length: hex(initial.request.length),
    offset: hex(initial.request.offset),
  });
  const [predict, dispatch] = useReducer(predictReducer, INITIAL_PREDICT_STATE);
  const outcome = useMemo(() => computeAttack(setup, request), [setup, request]);

  // Every change to what is asked hides the answer: the learner predicts again.
  const changeRequest = (patch: Partial<AttackRequest>) => {
    setRequest((r) => ({ ...r, ...patch }));
    dispatch({ type: "change" });
  };
  return (
    <AttackMapView
      setup={setup}
      request={request}
      texts={texts}
      outcome={outcome}
      predict={predict}
      dispatch={dispatch}
      onBug={(bug) => {
        setSetup((s) => ({ ...s, bug }));
        dispatch({ type: "change" });
      }}
      onText={(field, text) => {
        setTexts((t) => ({ ...t, [field]: text }));
        const value = parseBytes(text);
        if (value !== null) changeRequest(field === "length" ? { length: value } : { offset: value });
      }}
      onWritable={(writable) => changeRequest({ writable })}
      onPreset={(preset) => {
        setTexts({ length: hex(preset.length), offset: hex(preset.offset) });
        changeRequest({ length: preset.length, offset: preset.offset });
      }}
    />
  );
}

export interface AttackMapViewProps {
  setup: AttackSetup;
  request: AttackRequest;
  texts: RequestTexts;
  outcome: AttackOutcome;
  predict: PredictState;
  dispatch: (action: PredictAction) => void;
  onBug: (bug: HandlerBug) => void;
  onText: (field: keyof RequestTexts, text: string) => void;
  onWritable: (writable: boolean) => void;
  onPreset: (preset: { length: bigint; offset: bigint }) => void;
}

/** The widget for one state: what is drawn before and after the reveal (stateless, so tests can render each). */
export function AttackMapView(props: AttackMapViewProps) {
  const id = useId();
  const { setup, request, outcome, predict } = props;
  const revealed = predict.revealed !== null && predict.prediction !== null;
  const mapped = revealed && outcome.stage === "mapped" ? outcome.frames : null;
  const prot = request.writable ? "PROT_READ|PROT_WRITE" : "PROT_READ";
  return (
    <figure className="vmad" aria-label="Which physical frames an mmap request maps through a buggy handler">
      <AttackControls
        setup={setup}
        texts={props.texts}
        writable={request.writable}
        hintId={`${id}-hint`}
        onBug={props.onBug}
        onText={props.onText}
        onWritable={props.onWritable}
        onPreset={props.onPreset}
      />
      <pre className="vmad-check-code" aria-label="The handler's C source">
        {buggyHandlerSource(setup.bug, setup.buffer.bufPages)}
      </pre>
      <p className="vmad-call">
        <code>{`p = mmap(NULL, ${hex(request.length)}, ${prot}, MAP_SHARED, fd, ${hex(request.offset)});`}</code>
      </p>
      <PredictionPanel
        name={`${id}-predict`}
        credPfn={hex(setup.credPfn)}
        state={predict}
        onPredict={(prediction) => props.dispatch({ type: "predict", prediction })}
        onReveal={() => props.dispatch({ type: "reveal", actual: verdictOf(outcome) })}
      />
      <AttackMapSvg setup={setup} mapped={mapped} titleId={`${id}-title`} descId={`${id}-desc`} />
      <div role="status" aria-live="polite">
        {revealed && predict.prediction !== null && predict.revealed !== null ? (
          <AttackVerdictPanel
            outcome={outcome}
            predicted={predict.prediction}
            actual={predict.revealed}
            bug={setup.bug}
            credPfn={setup.credPfn}
            right={predict.right}
            asked={predict.asked}
          />
        ) : (
          <p className="vmad-call">The mapping is drawn once you have made your prediction.</p>
        )}
      </div>
    </figure>
  );
}
