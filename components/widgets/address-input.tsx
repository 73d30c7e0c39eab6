/**
 * The text field where a learner types an address or a size: no spell check or autocomplete (hex is not a word), and the field
 * is marked invalid, pointing at the sentence that says why, while the text does not parse.
 */
export function AddressInput(props: {
  label: string;
  value: string;
  invalid: boolean;
  /** The id of the element that explains the error, when there is one. */
  describedBy?: string;
  onChange: (text: string) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="text"
        spellCheck={false}
        autoComplete="off"
        value={props.value}
        aria-invalid={props.invalid}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}
