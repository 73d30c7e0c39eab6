import type { AttackVerdict } from "./attack-model";
import { VERDICT_CHOICES, type PredictState } from "./predict-flow";

// The commitment: three radio buttons (one tab stop, arrow keys move between them, as native radios do) and a
// Reveal button that stays disabled until one is chosen. After the reveal the choices are locked until the request
// changes.

export function PredictionPanel(props: {
  name: string;
  credPfn: string;
  state: PredictState;
  onPredict: (verdict: AttackVerdict) => void;
  onReveal: () => void;
}) {
  const { state } = props;
  const locked = state.revealed !== null;
  return (
    // The shared fieldset frame, allowed to wrap: three sentences do not fit one line on a phone.
    <fieldset className="vmad-prot" disabled={locked} style={{ flexWrap: "wrap", alignItems: "center", minWidth: 0 }}>
      <legend>Predict first: what does this request do?</legend>
      {VERDICT_CHOICES.map((choice) => (
        <label key={choice.verdict} className="vmad-check">
          <input
            type="radio"
            name={props.name}
            value={choice.verdict}
            checked={state.prediction === choice.verdict}
            onChange={() => props.onPredict(choice.verdict)}
          />{" "}
          {choice.text(props.credPfn)}
        </label>
      ))}
      <button
        type="button"
        className="button primary"
        disabled={state.prediction === null || locked}
        onClick={props.onReveal}
      >
        Reveal
      </button>
    </fieldset>
  );
}
