import { z } from "zod";

// Every lesson widget checks its MDX attributes once, with zod, at the edge: a typo in a lesson becomes one message
// for the instructor, shown where the widget would be (mdx-widget.tsx), never a crashed page.

/** A widget's MDX props, checked: its starting configuration, or one message naming every bad attribute. */
export type WidgetProps<C> = { ok: true; config: C } | { ok: false; message: string };

/** Parses MDX props with a widget's schema; each issue reads `attribute: what is wrong`, joined by "; ". */
export function parseWidgetProps<S extends z.ZodType>(schema: S, props: unknown): WidgetProps<z.output<S>> {
  const parsed = schema.safeParse(props);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    message: parsed.error.issues.map((i) => `${i.path.join(".") || "props"}: ${i.message}`).join("; "),
  };
}

/** A yes/no attribute: MDX passes `pae="true"` as a string and `pae={true}` as a boolean. */
export const flagProp = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

/** A text attribute: MDX passes `seed="l2"` as a string and `seed={2}` as a number. */
export const textProp = z.union([z.string(), z.number().transform(String)]);

/** A whole number of megabytes from min to max, written `ram="1024"` or `ram={1024}`. */
export function megabytesProp(min: number, max: number) {
  return z
    .union([z.number(), z.string().trim().regex(/^\d+$/, "a whole number of MB").transform(Number)])
    .pipe(z.number().int().min(min).max(max));
}
