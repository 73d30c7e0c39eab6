import { Fragment } from "react";

/**
 * Renders a knowledge check's plain text: `backticks` become <code>, everything else stays text (never HTML),
 * so an author's question cannot inject markup. The schema makes sure the backticks pair up.
 */
export function CheckText({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? <code key={index}>{part}</code> : <Fragment key={index}>{part}</Fragment>,
      )}
    </>
  );
}
