import { z } from "zod";
import { flagProp, parseWidgetProps, textProp, type WidgetProps } from "../widget-props";
import { parseVa } from "./walk-model";
import { WALK_MODES, type WalkMode } from "./walk-types";

// The stepper's MDX attributes, checked once: `<PageWalkStepper mode="i386-pse" seed="lesson-2" va="0xc0101234"
// access="read" user="false" />`. A typo becomes a message for the instructor, never a crashed page. The modes are
// the ids of sim's paging formats the stepper offers (walk-types.ts); the first is the default.

export const stepperPropsSchema = z
  .object({
    mode: z.enum(WALK_MODES).default(WALK_MODES[0]),
    seed: textProp.pipe(z.string().min(1).max(64)).default("page-walk-stepper"),
    va: textProp.pipe(z.string().max(24)).optional(),
    access: z.enum(["read", "write", "exec"]).optional(),
    user: flagProp.optional(),
  })
  .strict();

export interface StepperConfig {
  mode: WalkMode;
  seed: string;
  /** The starting address; null means the machine's first preset. */
  va: bigint | null;
  access: "read" | "write" | "exec" | null;
  user: boolean | null;
}

/** MDX props to the stepper's starting configuration, or one message naming every bad attribute. */
export function parseStepperProps(props: unknown): WidgetProps<StepperConfig> {
  const parsed = parseWidgetProps(stepperPropsSchema, props);
  if (!parsed.ok) return parsed;
  const p = parsed.config;
  let va: bigint | null = null;
  if (p.va !== undefined) {
    const v = parseVa(p.va, p.mode);
    if (!v.ok) return { ok: false, message: `va: ${v.message}` };
    va = v.va;
  }
  return { ok: true, config: { mode: p.mode, seed: p.seed, va, access: p.access ?? null, user: p.user ?? null } };
}
