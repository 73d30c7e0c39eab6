import {
  PAGING_FORMATS,
  type Access,
  type CpuState,
  type KnownPagingFormat,
  type PagingDemo,
  type PagingFormat,
  type PhysicalMemory,
} from "../../../sim/index";

// What the page-walk stepper walks on: a seeded machine and the preset addresses it offers. Which paging formats it
// offers, and the machine for each, come from sim's paging-format table (a row with a `demo`).

/** One mode the stepper offers: a paging-format row with a demo machine. */
export interface StepperModeOption {
  id: string;
  name: string;
  format: PagingFormat & { demo: PagingDemo };
}

/** The rows of `formats` the stepper offers, in table order: the first is the default of the `mode` attribute. */
export function stepperModeOptions(formats: readonly PagingFormat[] = PAGING_FORMATS): StepperModeOption[] {
  return formats.filter(hasDemo).map((format) => ({ id: format.id, name: format.name, format }));
}

function hasDemo(format: PagingFormat): format is PagingFormat & { demo: PagingDemo } {
  return format.demo !== null;
}

/** The `mode` attribute's values: ids of the paging formats with a demo (32-bit with PSE, PAE and 4-level today). */
export type WalkMode = Extract<KnownPagingFormat, { demo: PagingDemo }>["id"];
export const WALK_MODES = stepperModeOptions().map((option) => option.id) as [WalkMode, ...WalkMode[]];

export interface WalkPreset {
  id: "code" | "stack" | "kernel" | "unmapped" | "non-canonical";
  label: string;
  va: bigint;
  access: Access;
  user: boolean;
}

export interface WalkMachine {
  mode: WalkMode;
  /** The paging-format row the machine runs (geometry, names, the walker). */
  format: PagingFormat;
  mem: PhysicalMemory;
  cpu: CpuState;
  /** MAXPHYADDR the walker and the bit names use. */
  maxPhyAddr: number;
  /** EFER.NXE (bit 63 is XD, not reserved). */
  nxe: boolean;
  presets: WalkPreset[];
  /** One line saying what the machine is. */
  summary: string;
}
