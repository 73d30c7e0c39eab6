import type { PasswordRule } from "./account-rules";

/**
 * The password rules under the sign-up field, each marked ✓ or ✗ once the learner starts typing (a mark and words,
 * not colour alone). The password field points here with aria-describedby; each rule is announced politely, whole,
 * when its mark changes.
 */
export function PasswordRules({ id, rules, hasTyped }: { id: string; rules: PasswordRule[]; hasTyped: boolean }) {
  return (
    <ul id={id} className="field-rules" aria-live="polite">
      {rules.map((rule) => {
        const state = !hasTyped ? "pending" : rule.isMet ? "met" : "unmet";
        return (
          <li key={rule.id} data-rule={rule.id} data-state={state} aria-atomic="true">
            <span className="field-rule-mark" aria-hidden="true">
              {state === "met" ? "✓" : state === "unmet" ? "✗" : "•"}
            </span>
            {rule.text}
            {state === "pending" ? null : (
              <span className="sr-only">{state === "met" ? ": met" : ": not met yet"}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
