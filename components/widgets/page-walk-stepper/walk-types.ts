import type { Access, CpuState, PhysicalMemory } from "../../../sim/index";

// What the page-walk stepper walks on: a seeded machine and the preset addresses it offers.

/** The paging modes the stepper knows: 32-bit with PSE, PAE, and 4-level. */
export const WALK_MODES = ["i386", "pae", "x86_64"] as const;
export type WalkMode = (typeof WALK_MODES)[number];

export interface WalkPreset {
  id: "code" | "stack" | "kernel" | "unmapped" | "non-canonical";
  label: string;
  va: bigint;
  access: Access;
  user: boolean;
}

export interface WalkMachine {
  mode: WalkMode;
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
