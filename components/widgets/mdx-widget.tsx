import type { ReactNode } from "react";

/** What a widget's parse function returns for props it refuses (see widget-props.ts). */
type Refused = { ok: false; message: string };

/**
 * A lesson widget as MDX sees it: `parse` checks the attributes, and `render` draws the widget from what it returns;
 * refused attributes render instead as `<div class="alert error {errorClass}" role="alert">{name}: {message}</div>`.
 */
export function mdxWidget<P extends { ok: true }>(
  name: string,
  errorClass: string,
  parse: (props: Record<string, unknown>) => P | Refused,
  render: (parsed: P) => ReactNode,
): (props: Record<string, unknown>) => ReactNode {
  function MdxWidget(props: Record<string, unknown>) {
    const parsed = parse(props);
    if (!parsed.ok) {
      return (
        <div className={`alert error ${errorClass}`} role="alert">
          {`${name}: `}
          {parsed.message}
        </div>
      );
    }
    return render(parsed);
  }
  MdxWidget.displayName = name;
  return MdxWidget;
}
