import { Children, isValidElement, type ComponentProps, type ReactNode } from "react";
import { TableScroll } from "../layout/table-scroll";

// The blocks of a lesson that can be wider than a phone: tables and code. Each scrolls inside its own box, which a
// keyboard user can focus and scroll, rather than making the page wider than the screen. Each box is a named
// region, and the names differ from box to box (a list of regions that all say "Table" tells a screen reader user
// nothing): a table is named by its caption or its column headings, a code block by its language and first line.

/** The languages lessons write code in, as a reader would name them. */
const LANGUAGE_NAMES: Record<string, string> = { c: "C", ts: "TypeScript" };
/** How much of a code block's first line its name quotes. */
const NAME_QUOTE_LENGTH = 60;

/** The plain text of rendered MDX children (a caption, a heading cell), without markup. */
function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return "";
}

/** The child elements of `node` rendered as `tag` (MDX hands a table its caption, thead, tr and th as elements). */
function childrenOfType(node: ReactNode, tag: string): ReactNode[] {
  return Children.toArray(node).filter((child) => isValidElement(child) && child.type === tag);
}

function childrenOf(node: ReactNode): ReactNode {
  return isValidElement<{ children?: ReactNode }>(node) ? node.props.children : null;
}

/** "Table: Level, Bits, Entries" from a table's caption, or else its first row of headings. */
function tableName(children: ReactNode): string {
  const caption = textOf(childrenOfType(children, "caption")).trim();
  if (caption) return caption;
  const headRow = childrenOfType(childrenOf(childrenOfType(children, "thead")[0]), "tr")[0];
  const headings = childrenOfType(childrenOf(headRow), "th")
    .map((cell) => textOf(cell).trim())
    .filter(Boolean);
  return headings.length > 0 ? `Table: ${headings.join(", ")}` : "Table";
}

/** A table in its scroll box, named after its caption or column headings. */
export function MdxTable(props: ComponentProps<"table">) {
  return (
    <TableScroll label={tableName(props.children)}>
      <table {...props} />
    </TableScroll>
  );
}

/** "C code: static int my_mmap(struct file *filp, …" from a fenced block's language and first line. */
function codeBlockName(children: ReactNode): string {
  const code = Children.toArray(children).find((child) => isValidElement(child));
  const className = isValidElement<{ className?: string }>(code) ? (code.props.className ?? "") : "";
  const language = /(?:^|\s)language-(\S+)/.exec(className)?.[1];
  const kind = language && language !== "text" ? `${LANGUAGE_NAMES[language] ?? language} code` : "Code";
  const firstLine =
    textOf(childrenOf(code))
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? "";
  const quote =
    firstLine.length > NAME_QUOTE_LENGTH ? `${firstLine.slice(0, NAME_QUOTE_LENGTH).trimEnd()}…` : firstLine;
  return quote ? `${kind}: ${quote}` : kind;
}

/** A code block: it scrolls itself (app/globals.css), takes focus to be scrolled, and is named by what it holds. */
export function MdxCodeBlock(props: ComponentProps<"pre">) {
  return <pre {...props} tabIndex={0} role="region" aria-label={codeBlockName(props.children)} />;
}
