import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepperModeOptions, WALK_MODES } from "../../components/widgets/page-walk-stepper/walk-types";
import {
  CR0_PG,
  createWalkRecord,
  PAGING_FORMATS,
  PhysicalMemory,
  toTranslation,
  translate,
  WALK_OK,
  WALK_PF,
  type Access,
  type CpuState,
  type PagingFormat,
  type TranslationResult,
  type Walk64Options,
  type WalkRecord,
  type WalkStatus,
  type WalkStep,
} from "../../sim/index";
import { parseArgs } from "./args";
import { cliModeNames } from "./modes";
import { runCli } from "./run";

// Adding a paging format is one row of the table plus its walker: a toy 2-level format of 16-bit addresses (two
// 2-bit indices, bits 15:14 and 13:12, then a 4 KB offset; 4-byte entries, P in bit 0) joins the CLI's modes and
// the stepper's options without a change to either.

function toyEntry(mem: PhysicalMemory, table: number, index: number): number {
  return mem.read32(((table & 0xfffff000) >>> 0) + index * 4);
}

function toyWalkInto(cpu: CpuState, mem: PhysicalMemory, _vaHi: number, vaLo: number, access: Access, out: WalkRecord): WalkStatus {
  const top = toyEntry(mem, cpu.cr3, vaLo >>> 14);
  const leaf = (top & 1) === 0 ? 0 : toyEntry(mem, top, (vaLo >>> 12) & 3);
  if ((leaf & 1) === 0) {
    out.errorCode = (access === "write" ? 2 : 0) | (cpu.user ? 4 : 0);
    return WALK_PF;
  }
  out.pa = ((leaf & 0xfffff000) >>> 0) + (vaLo & 0xfff);
  out.pageSize = 4096;
  out.leaf = 0x6;
  return WALK_OK;
}

function toyWalk(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, options?: Walk64Options): TranslationResult {
  const record = createWalkRecord();
  const result: TranslationResult = toTranslation(toyWalkInto(cpu, mem, 0, Number(va), access, record), record, va);
  if (options?.trace === true) {
    const top = toyEntry(mem, cpu.cr3, Number(va) >>> 14);
    const steps: WalkStep[] = [{ level: "T1E", index: Number(va) >>> 14, entryAddress: cpu.cr3 + (Number(va) >>> 14) * 4, entryValue: top, flags: [] }];
    result.trace = { steps, stop: result.ok ? `pa = 0x${result.pa.toString(16)}` : "#PF" };
  }
  return result;
}

const TOY_CPU = { cr0: CR0_PG, cr3: 0, cr4: 0, efer: 0, ac: false, user: true };

const TOY: PagingFormat = {
  id: "toy16",
  mode: "toy16",
  name: "toy 2-level 16-bit paging",
  levels: [
    { entry: "T1E", table: "toy top table", short: "T1", linux: "pgd", hiBit: 15, loBit: 14, pageSize: null, rights: true },
    { entry: "T2E", table: "toy page table", short: "T2", linux: "pte", hiBit: 13, loBit: 12, pageSize: 4096, rights: true },
  ],
  vaBits: 16,
  linearBits: 16,
  entryBytes: 4,
  entryLayout: "32",
  pageSizes: [4096],
  maxPhyAddr: 32,
  cr3Bits: [31, 12],
  nx: false,
  protectionKeys: false,
  selectedBy: { "CR0.PG": 1 },
  registers: { cr0: CR0_PG, cr4: 0, efer: 0 },
  walkInto: toyWalkInto,
  walk: toyWalk,
  cli: { name: "toy16", isDefault: true },
  linuxArch: null,
  mmPageTables: false,
  demo: { summary: "A toy machine", pageOffset: 0n, build: () => ({ mem: new PhysicalMemory(), cpu: { ...TOY_CPU, cr3: 0x1000 }, regions: [] }) },
};
const WITH_TOY: readonly PagingFormat[] = [...PAGING_FORMATS, TOY];

let dir = "";
let image = "";

beforeAll(() => {
  // Top table at 0x1000: entry 1 -> 0x2000; page table at 0x2000: entry 2 -> the page at 0x5000. VA 0x6abc -> 0x5abc.
  const mem = new PhysicalMemory();
  mem.write32(0x1000 + 1 * 4, 0x2000 | 1);
  mem.write32(0x2000 + 2 * 4, 0x5000 | 1);
  dir = mkdtempSync(join(tmpdir(), "sim-cli-formats-"));
  image = join(dir, "toy.raw");
  const bytes = new Uint8Array(0x6000);
  const wire = mem.toWire();
  wire.frames.forEach((pfn, i) => bytes.set(wire.bytes.subarray(i * 4096, (i + 1) * 4096), pfn * 4096));
  writeFileSync(image, bytes);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], formats: readonly PagingFormat[]): Promise<unknown> {
  let out = "";
  await runCli(args, (chunk) => (out += chunk), formats);
  return JSON.parse(out);
}

describe("a paging format added to the table", () => {
  it("walks through translate with the row as the mode", () => {
    const mem = new PhysicalMemory();
    mem.write32(0x1000 + 1 * 4, 0x2000 | 1);
    mem.write32(0x2000 + 2 * 4, 0x5000 | 1);
    const cpu = { ...TOY_CPU, cr3: 0x1000 };
    expect(translate(cpu, mem, 0x6abcn, "read", { mode: TOY })).toEqual({ ok: true, pa: 0x5abc, pageSize: 4096 });
    expect(translate(cpu, mem, 0x7abcn, "write", { mode: TOY })).toEqual({ ok: false, fault: "PF", errorCode: 6, cr2: 0x7abcn });
    expect(() => translate(cpu, mem, 0x10000n, "read", { mode: TOY })).toThrow("a toy16 linear address is 16 bits wide");
  });

  it("(a) is one of the CLI's modes: in the usage and error texts, with its address width, and translates", async () => {
    expect(cliModeNames()).toEqual(["i386", "pae", "x86_64"]); // COURSE.md's contract, unchanged
    expect(cliModeNames(WITH_TOY)).toEqual(["i386", "pae", "x86_64", "toy16"]);
    const base = ["translate", "--image", image, "--cr3", "0x1000", "--access", "read"];
    expect(() => parseArgs([...base, "--va", "0x0"])).toThrow("--mode i386|pae|x86_64 is required");
    expect(() => parseArgs([...base, "--va", "0x0"], WITH_TOY)).toThrow("--mode i386|pae|x86_64|toy16 is required");
    expect(() => parseArgs([...base, "--va", "0x0", "--mode", "toy"])).toThrow('unknown mode "toy"; expected i386, pae or x86_64');
    expect(() => parseArgs([...base, "--va", "0x0", "--mode", "toy"], WITH_TOY)).toThrow('unknown mode "toy"; expected i386, pae, x86_64 or toy16');
    expect(() => parseArgs([...base, "--va", "0x0", "--mode", "toy16"])).toThrow(/unknown mode/);
    expect(() => parseArgs([...base, "--va", "0x10000", "--mode", "toy16"], WITH_TOY)).toThrow("--va 0x10000 does not fit a 16-bit toy16 address");
    expect(parseArgs([...base, "--va", "0x6abc", "--mode", "toy16"], WITH_TOY)).toMatchObject({ mode: "toy16", cr0: CR0_PG, cr4: 0, efer: 0, va: 0x6abcn });

    expect(await run([...base, "--mode", "toy16", "--va", "0x6abc"], WITH_TOY)).toMatchObject({
      ok: true,
      pa: "0x5abc",
      pageSize: 4096,
      steps: [{ level: "T1E", entryValue: "0x2001" }],
    });
    expect(await run([...base, "--mode", "toy16", "--va", "0x2abc", "--user"], WITH_TOY)).toEqual({ ok: false, fault: "PF", errorCode: 4, cr2: "0x2abc" });
    await expect(runCli(["mappings", "--image", image, "--mode", "toy16", "--cr3", "0x1000"], () => {}, WITH_TOY)).rejects.toThrow(
      "mappings cannot list toy 2-level 16-bit paging address spaces",
    );
    // The real rows still answer as before through the longer table.
    expect(await run([...base, "--mode", "i386", "--va", "0x400000"], WITH_TOY)).toMatchObject({ ok: false, fault: "PF", errorCode: 0 });
  });

  it("(b) is one of the page-walk stepper's modes", () => {
    expect(WALK_MODES).toEqual(["i386-pse", "pae", "4-level"]);
    expect(stepperModeOptions().map((o) => o.id)).toEqual(WALK_MODES);
    const options = stepperModeOptions(WITH_TOY);
    expect(options.map((o) => [o.id, o.name])).toEqual([
      ["i386-pse", "32-bit paging with PSE (i386)"],
      ["pae", "PAE paging"],
      ["4-level", "4-level paging (x86-64)"],
      ["toy16", "toy 2-level 16-bit paging"],
    ]);
    expect(options.at(-1)?.format).toBe(TOY);
  });
});
