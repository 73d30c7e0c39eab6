import {
  buildI386Process,
  buildPaeProcess,
  buildX8664Process,
  translate,
  type CpuState,
  type PhysicalMemory,
} from "../../../sim/index";
import type { WalkMachine, WalkMode, WalkPreset } from "./walk-types";

// The machine a stepper walks on, rebuilt from its seed by sim's scenario builders (a realistic Linux process per
// mode), and the preset addresses it offers, each found by translating on that machine so that a preset is what its
// label says on every seed.

const PAGE = 4096n;

interface Region {
  name: string;
  start: bigint;
  end: bigint;
}

const MODE_TEXT: Record<WalkMode, string> = {
  i386: "A 32-bit Linux process (3G/1G split, 1 GB of RAM, PSE on)",
  pae: "A PAE Linux process (3G/1G split, 6 GB of RAM, NX on)",
  x86_64: "An x86-64 Linux process (4-level paging, 4.5 GB of RAM, NX, SMEP and SMAP on)",
};

/** The machine of `mode` for `seed`: sim's buildI386Process, buildPaeProcess or buildX8664Process. */
export function buildWalkMachine(mode: WalkMode, seed: string): WalkMachine {
  const built = build(mode, seed);
  const cpu = built.cpu;
  const machine = { mode, mem: built.mem, cpu, maxPhyAddr: mode === "i386" ? 40 : 52, nxe: mode !== "i386" };
  return {
    ...machine,
    presets: findPresets(machine, built.regions),
    summary: `${MODE_TEXT[mode]}, built from the seed "${seed}"; CR3 = 0x${cpu.cr3.toString(16)}.`,
  };
}

function build(mode: WalkMode, seed: string): { mem: PhysicalMemory; cpu: CpuState; regions: Region[] } {
  if (mode === "pae") return buildPaeProcess(seed);
  if (mode === "x86_64") return buildX8664Process(seed);
  const p = buildI386Process(seed);
  return {
    mem: p.mem,
    cpu: { ...p.cpu, efer: 0 },
    regions: p.regions.map((r) => ({ name: r.name, start: BigInt(r.start), end: BigInt(r.end) })),
  };
}

type Machine = Pick<WalkMachine, "mode" | "mem" | "cpu" | "maxPhyAddr">;

/** Whether `va` translates (`ok`), or else whether the walk met a not-present entry. */
function probe(
  machine: Machine,
  va: bigint,
  access: "read" | "write" | "exec",
  user: boolean,
): "ok" | "not-present" | "other" {
  const r = translate({ ...machine.cpu, user }, machine.mem, va, access, { maxPhyAddr: machine.maxPhyAddr });
  if (r.ok) return "ok";
  return r.fault === "PF" && (r.errorCode & 1) === 0 ? "not-present" : "other";
}

/** Code (the first executable text page, at the lesson's offset 0xa3c), stack top, a kernel address, unmapped. */
function findPresets(machine: Machine, regions: Region[]): WalkPreset[] {
  const presets: WalkPreset[] = [];
  const text = regions.find((r) => r.name === "text");
  const stack = regions.find((r) => r.name === "[stack]");
  for (let va = text?.start ?? 0n; text && va < text.end; va += PAGE) {
    if (probe(machine, va, "exec", true) === "ok") {
      presets.push({ id: "code", label: "program code", va: va + 0xa3cn, access: "exec", user: true });
      break;
    }
  }
  // The stack grows down: its highest pages are the ones touched so far.
  for (let va = (stack?.end ?? 0n) - PAGE; stack && va >= stack.start; va -= PAGE) {
    if (probe(machine, va, "write", true) === "ok") {
      presets.push({ id: "stack", label: "stack", va: va + 0xff0n, access: "write", user: true });
      break;
    }
  }
  // The direct map: PAGE_OFFSET + 0x01234567, the lesson's __pa example.
  const kernel = machine.mode === "x86_64" ? 0xffff888001234567n : 0xc1234567n;
  presets.push({ id: "kernel", label: "kernel (direct map)", va: kernel, access: "read", user: false });
  // The lowest unmapped address above NULL's page, in steps of one top-level entry's reach below the first region.
  const step = machine.mode === "i386" ? 1n << 22n : machine.mode === "pae" ? 1n << 21n : 1n << 39n;
  for (let va = 0n; va < (regions[0]?.start ?? 0n); va += step) {
    if (probe(machine, va + 0x10n, "read", true) === "not-present") {
      presets.push({
        id: "unmapped",
        label: va === 0n ? "unmapped (NULL)" : "unmapped",
        va: va + 0x10n,
        access: "read",
        user: true,
      });
      break;
    }
  }
  if (machine.mode === "x86_64")
    presets.push({ id: "non-canonical", label: "non-canonical", va: 0x0000800000000000n, access: "read", user: true });
  return presets;
}
