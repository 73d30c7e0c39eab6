// What the charts' tests read out of server-rendered markup: elements with their attributes and text, and the ticks of
// each axis. Imported by components/charts/*.test.tsx only.

export type FoundElement = { attrs: Record<string, string>; text: string };

/** Text without tags, entities decoded: what a reader sees. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Every `<tag>` (not nested in another of its kind) whose class list holds `className`, if given. */
export function findAll(html: string, tag: string, className?: string): FoundElement[] {
  const found: FoundElement[] = [];
  for (const match of html.matchAll(new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, "g"))) {
    const attrs: Record<string, string> = {};
    for (const [, name, value] of (match[1] ?? "").matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[name ?? ""] = value ?? "";
    if (className === undefined || (attrs.class ?? "").split(" ").includes(className))
      found.push({ attrs, text: textOf(match[2] ?? "") });
  }
  return found;
}

/** A number attribute, failing the test when it is missing. */
export function numberAttr(element: FoundElement | undefined, name: string): number {
  const value = element?.attrs[name];
  if (value === undefined) throw new Error(`no ${name} on ${JSON.stringify(element)}`);
  return Number(value);
}

/** The labels of the bottom axis's ticks (centred) with their x, left to right. */
export function bottomTicks(html: string): { label: string; x: number }[] {
  return findAll(html, "text", "chart-tick-label")
    .filter((tick) => tick.attrs["text-anchor"] === "middle")
    .map((tick) => ({ label: tick.text, x: numberAttr(tick, "x") }));
}

/** The labels of the left axis's ticks (right-aligned), top to bottom as drawn. */
export function leftTicks(html: string): string[] {
  return findAll(html, "text", "chart-tick-label")
    .filter((tick) => tick.attrs["text-anchor"] === "end")
    .map((tick) => tick.text);
}

/** The table alternative's body rows, each as its cells' text. */
export function tableRows(html: string): string[][] {
  const body = html.split("<tbody>")[1]?.split("</tbody>")[0] ?? "";
  return [...body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? "").matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => textOf(cell[1] ?? "")),
  );
}
