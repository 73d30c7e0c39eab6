import type { AttackVerdict } from "./attack-model";

// Predict, then reveal: the learner commits to what a request will do before the widget draws the mapping. Any
// change to the request or the handler hides the answer again and asks for a new prediction; the tally of right
// predictions survives changes, so a learner sees whether their model of the handlers is improving.

export interface PredictState {
  prediction: AttackVerdict | null;
  /** The verdict shown, once revealed: the one the prediction was judged against. */
  revealed: AttackVerdict | null;
  right: number;
  asked: number;
}

export type PredictAction =
  { type: "predict"; prediction: AttackVerdict } | { type: "reveal"; actual: AttackVerdict } | { type: "change" };

export const INITIAL_PREDICT_STATE: PredictState = { prediction: null, revealed: null, right: 0, asked: 0 };

/** The next state. A reveal without a prediction, or a new prediction after the reveal, changes nothing. */
export function predictReducer(state: PredictState, action: PredictAction): PredictState {
  switch (action.type) {
    case "predict":
      return state.revealed === null ? { ...state, prediction: action.prediction } : state;
    case "reveal":
      if (state.prediction === null || state.revealed !== null) return state;
      return {
        ...state,
        revealed: action.actual,
        asked: state.asked + 1,
        right: state.right + (state.prediction === action.actual ? 1 : 0),
      };
    case "change":
      return state.prediction === null && state.revealed === null
        ? state
        : { ...state, prediction: null, revealed: null };
  }
}

/** The three answers, in the order the widget offers them, each with its text. */
export const VERDICT_CHOICES: readonly { verdict: AttackVerdict; text: (credPfn: string) => string }[] = [
  { verdict: "refused", text: () => "mmap fails: the kernel or the handler refuses the request" },
  { verdict: "misses", text: () => "it maps, but not the cred page" },
  { verdict: "reaches", text: (cred) => `it maps the cred page (pfn ${cred}) into the process` },
];
