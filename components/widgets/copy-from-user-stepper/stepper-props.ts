import { z } from "zod";
import { parseWidgetProps, type WidgetProps } from "../widget-props";
import { MAX_COPY } from "./copy-steps";
import { PRESET_IDS, type PresetId } from "./stepper-space";

// The stepper's MDX attributes and its two text inputs, checked with zod: a typo in a lesson becomes a message.

const HEX64 = /^0x[0-9a-fA-F]{1,16}$/;

/** A user pointer typed as 0x-hex, any 64-bit value; null when it is not one. */
export function parsePointer(text: string): bigint | null {
  const t = text.trim();
  return HEX64.test(t) ? BigInt(t) : null;
}

/** A length typed in decimal or 0x-hex, 0..MAX_COPY; null when it is not one. */
export function parseLength(text: string): number | null {
  const t = text.trim();
  if (!/^(\d+|0x[0-9a-fA-F]+)$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_COPY ? n : null;
}

const lengthProp = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === "number" ? (Number.isInteger(v) && v >= 0 && v <= MAX_COPY ? v : null) : parseLength(v);
  if (n === null) ctx.addIssue({ code: "custom", message: `a length from 0 to ${MAX_COPY}` });
  return n ?? 0;
});

export interface StepperConfig {
  seed: string;
  preset: PresetId;
  /** A copy of the instructor's own, instead of the preset's. */
  custom: { from: bigint; n: number } | null;
}

/** `<CopyFromUserStepper seed="l4" preset="into-unmapped" />`, or `from="0x..." n="64"` for a copy of your own. */
export const stepperPropsSchema = z
  .object({
    seed: z.string().min(1).max(64).default("copy-from-user-stepper"),
    preset: z.enum(PRESET_IDS).default("into-unmapped"),
    from: z.string().regex(HEX64, "a 0x-hex pointer of up to 16 digits").optional(),
    n: lengthProp.optional(),
  })
  .strict()
  .refine((p) => (p.from === undefined) === (p.n === undefined), { message: "give both from and n, or neither" })
  .transform(({ seed, preset, from, n }): StepperConfig => ({
    seed,
    preset,
    custom: from !== undefined && n !== undefined ? { from: BigInt(from), n } : null,
  }));

/** Parses MDX props, or a message for the instructor. */
export function parseStepperProps(props: unknown): WidgetProps<StepperConfig> {
  return parseWidgetProps(stepperPropsSchema, props);
}
