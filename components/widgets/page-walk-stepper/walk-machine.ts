import { EFER_NXE, PAGING_FORMAT_BY_ID, translate, type DemoMachine } from "../../../sim/index";
import type { WalkMachine, WalkMode, WalkPreset } from "./walk-types";

// The machine a stepper walks on, rebuilt from its seed by the demo builder of its paging-format row (a realistic
// Linux process per format), and the preset addresses it offers, each found by translating on that machine so that
// a preset is what its label says on every seed.

const PAGE = 4096n;

type Region = DemoMachine["regions"][number];

/** The machine of `mode` for `seed`: its paging format's demo (sim's buildI386Process, buildPaeProcess, ...). */
export function buildWalkMachine(mode: WalkMode, seed: string): WalkMachine {
  const format = PAGING_FORMAT_BY_ID[mode];
  const built = format.demo.build(seed);
  const cpu = built.cpu;
  const machine = {
    mode,
    format,
    mem: built.mem,
    cpu,
    maxPhyAddr: format.maxPhyAddr,
    nxe: format.nx && (cpu.efer & EFER_NXE) !== 0,
  };
  return {
    ...machine,
    presets: findPresets(machine, built.regions, format.demo.pageOffset),
    summary: `${format.demo.summary}, built from the seed "${seed}"; CR3 = 0x${cpu.cr3.toString(16)}.`,
  };
}

type Machine = Pick<WalkMachine, "format" | "mem" | "cpu" | "maxPhyAddr">;

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

/**
 * Code (the first executable text page, at the lesson's offset 0xa3c), stack top, a kernel address, unmapped, and
 * where addresses have a canonical form, the first non-canonical one.
 */
function findPresets(machine: Machine, regions: readonly Region[], pageOffset: bigint): WalkPreset[] {
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
  presets.push({
    id: "kernel",
    label: "kernel (direct map)",
    va: pageOffset + 0x01234567n,
    access: "read",
    user: false,
  });
  // The lowest unmapped address above NULL's page, in steps of one top-level entry's reach below the first region.
  const step = 1n << BigInt(machine.format.levels[0]?.loBit ?? 12);
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
  // Bit vaBits - 1 set and the bits above it clear: the first address above the lower canonical half.
  const { linearBits, vaBits } = machine.format;
  if (linearBits > vaBits)
    presets.push({
      id: "non-canonical",
      label: "non-canonical",
      va: 1n << BigInt(vaBits - 1),
      access: "read",
      user: true,
    });
  return presets;
}
