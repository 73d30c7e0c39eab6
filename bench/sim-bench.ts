// `npm run bench -- sim`: walks per second in every paging mode (traces off and on) as a ratio against a minimal
// hand-written walk over a Uint32Array, and `mappings` over a generated 2 GB ELF dump (time and peak memory).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createRng, createWalkRecord, PhysicalMemory, walk32, walk32Into, walkLongHalves, walkLongInto, walkPae, walkPaeInto, WALK_OK, type Access, type CpuState } from "../sim/index";
import { writeElfDump } from "../scripts/sim-cli/elf-writer";

const FLAT_BYTES = 16 << 20; // the baseline's whole physical memory: 16 MB as one Uint32Array
const WALKS = 200_000;

interface Machine {
  mem: PhysicalMemory;
  flat: Uint32Array;
  cr3: number;
  vas: number[]; // low 32 bits
  vaHi: number; // high 32 bits, the same for all (64-bit modes)
}

// Maps 2048 random 4 KB pages in a 64 MB window (plus unmapped holes) with tables in frames below 16 MB.
function buildMachine(mode: "i386" | "pae" | "4-level"): Machine {
  const rng = createRng(`bench:${mode}`);
  const mem = new PhysicalMemory();
  let nextFrame = 0x10;
  const frame = () => nextFrame++ * 4096;
  const entry = mode === "i386" ? 4 : 8;
  const write = (pa: number, value: number) => (entry === 4 ? mem.write32(pa, value) : mem.write64(pa, BigInt(value)));
  const read = (pa: number) => mem.read32(pa);
  const cr3 = mode === "pae" ? frame() + 0x20 : frame();
  const vaBase = mode === "4-level" ? 0x40000000 : 0x08000000;
  const vaHi = mode === "4-level" ? 0x7f12 : 0;
  const shifts = mode === "i386" ? [22, 12] : mode === "pae" ? [30, 21, 12] : [39, 30, 21, 12];
  const indexOf = (vaLo: number, shift: number) =>
    shift >= 32 ? (vaHi >>> (shift - 32)) & 511 : shift === 30 && mode === "4-level" ? ((vaLo >>> 30) | (vaHi << 2)) & 511 : (vaLo >>> shift) & (mode === "i386" ? 1023 : 511);
  const vas: number[] = [];
  for (let i = 0; i < 2048; i++) {
    const va = (vaBase + rng.int(0, 16383) * 4096) >>> 0;
    vas.push((va + rng.int(0, 4095)) >>> 0);
    let table = cr3 & ~0x1f;
    shifts.forEach((shift, level) => {
      const at = table + indexOf(va, shift) * entry;
      if (level === shifts.length - 1) {
        write(at, (0x800000 + rng.int(0, 2047) * 4096 + 0x67) >>> 0);
        return;
      }
      let e = read(at);
      if ((e & 1) === 0) {
        e = frame() + (mode === "pae" && level === 0 ? 0x1 : 0x67);
        write(at, e);
      }
      table = (e & 0xfffff000) >>> 0;
    });
  }
  for (let i = 0; i < 256; i++) vas.push((vaBase + 0x04000000 + rng.int(0, 1023) * 4096) >>> 0); // unmapped
  const flat = new Uint32Array(FLAT_BYTES / 4);
  const wire = mem.toWire();
  wire.frames.forEach((pfn, i) => flat.set(new Uint32Array(wire.bytes.buffer, i * 4096, 1024), pfn * 1024));
  return { mem, flat, cr3, vas, vaHi };
}

// The baselines: the least a walker can do (present and user/write bits only, no traces, no reserved bits).
function handWalk32(m: Uint32Array, cr3: number, va: number): number {
  const pde = m[(cr3 >>> 2) + (va >>> 22)] ?? 0;
  if ((pde & 1) === 0) return -1;
  const pte = m[((pde & 0xfffff000) >>> 2) + ((va >>> 12) & 0x3ff)] ?? 0;
  if ((pte & 5) !== 5) return -1;
  return ((pte & 0xfffff000) >>> 0) + (va & 0xfff);
}

function handWalk64(m: Uint32Array, cr3: number, vaHi: number, va: number, levels: number): number {
  let table = (cr3 & ~0x1f) >>> 2;
  let index = levels === 3 ? va >>> 30 : (vaHi >>> 7) & 511;
  for (let level = levels; level > 0; level--) {
    const lo = m[table + index * 2] ?? 0;
    const hi = m[table + index * 2 + 1] ?? 0;
    if ((lo & 1) === 0) return -1;
    const base = hi * 4294967296 + ((lo & 0xfffff000) >>> 0);
    if (level === 1) return base + (va & 0xfff);
    table = base / 4;
    const shift = 12 + 9 * (level - 2);
    index = shift === 30 ? ((va >>> 30) | (vaHi << 2)) & 511 : (va >>> shift) & 511;
  }
  return -1;
}

function rate(walk: (va: number) => number, vas: number[]): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += walk(vas[i % vas.length] ?? 0); // warm-up for the JIT
  // CPU time, not wall time: the machine is shared (tests, builds), and waiting for a core is not the code's cost.
  const start = process.cpuUsage();
  for (let i = 0; i < WALKS; i++) sink += walk(vas[i % vas.length] ?? 0);
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  if (sink === 0.5) console.log("unreachable"); // keeps the loop from being optimised away
  return (WALKS / ms) * 1000;
}

// Each figure is the best of ROUNDS interleaved rounds: on a shared machine the other load only ever slows a round
// down, so the best round is the closest to the code's own speed, for the baseline and the simulator alike.
const ROUNDS = 5;

function walkRates(): string[][] {
  const rows: string[][] = [];
  const access: Access = "read";
  // The loop in rate() calls a function value; once it has seen several, V8 stops inlining any of them. Show it
  // several first, so the baseline and the simulator pay the same call and neither is measured inlined by luck of
  // being first (the first measurement used to be the i386 baseline, inlined).
  // (Distinct function literals: closures of one literal count as one target.)
  for (const f of [(va: number) => va + 1, (va: number) => va ^ 2, (va: number) => va * 3, (va: number) => va - 4, (va: number) => va | 5]) rate(f, [1, 2, 3]);
  for (const mode of ["i386", "pae", "4-level"] as const) {
    const m = buildMachine(mode);
    const cpu: CpuState = { cr0: 0x80010001, cr3: m.cr3, cr4: mode === "i386" ? 0x10 : 0x20, efer: mode === "4-level" ? 0xd00 : 0x800, ac: false, user: true };
    const hand = mode === "i386" ? (va: number) => handWalk32(m.flat, m.cr3, va) : (va: number) => handWalk64(m.flat, m.cr3, m.vaHi, va, mode === "pae" ? 3 : 4);
    const sim = (trace: boolean) => {
      const options = { trace }; // one options object per caller, as a widget or the grader would hold it
      return (va: number) => {
        const r = mode === "i386" ? walk32(cpu, m.mem, va, access, options) : mode === "pae" ? walkPae(cpu, m.mem, va, access, options) : walkLongHalves(cpu, m.mem, m.vaHi, va, access, false, options);
        return r.ok ? r.pa : -1;
      };
    };
    const simOff = sim(false);
    const simOn = sim(true);
    // The non-allocating entry point: one caller-owned record for every walk (decision 0017).
    const record = createWalkRecord();
    const options = { trace: false };
    const simInto = (va: number) => {
      const status = mode === "i386" ? walk32Into(cpu, m.mem, va, access, record, options) : mode === "pae" ? walkPaeInto(cpu, m.mem, va, access, record, options) : walkLongInto(cpu, m.mem, m.vaHi, va, access, false, record, options);
      return status === WALK_OK ? record.pa : -1;
    };
    let base = 0;
    let off = 0;
    let into = 0;
    let on = 0;
    for (let round = 0; round < ROUNDS; round++) {
      base = Math.max(base, rate(hand, m.vas));
      off = Math.max(off, rate(simOff, m.vas));
      into = Math.max(into, rate(simInto, m.vas));
      on = Math.max(on, rate(simOn, m.vas));
    }
    rows.push([mode, fmt(base), fmt(into), (into / base).toFixed(2), fmt(off), (off / base).toFixed(2), fmt(on), (on / base).toFixed(2)]);
  }
  return rows;
}

// A 2 GB x86-64 dump: the direct map of all 2 GB in 4 KB pages (524288 leaves) plus kernel text in 2 MB pages.
function writeBigDump(path: string): void {
  const frames = new Map<number, Uint8Array>();
  const entry = (pa: number, index: number, value: bigint) => {
    let bytes = frames.get(pa);
    if (!bytes) frames.set(pa, (bytes = new Uint8Array(4096)));
    new DataView(bytes.buffer).setBigUint64(index * 8, value, true);
  };
  const pml4 = 0x1000_0000;
  const pdpt = pml4 + 0x1000;
  const pd = pdpt + 0x1000; // two PDs: 0x..2000, 0x..3000
  const pt = 0x1100_0000; // 1024 PTs
  entry(pml4, 273, BigInt(pdpt) | 0x63n);
  for (let g = 0; g < 2; g++) {
    entry(pdpt, g, BigInt(pd + g * 0x1000) | 0x63n);
    for (let d = 0; d < 512; d++) {
      const table = pt + (g * 512 + d) * 0x1000;
      entry(pd + g * 0x1000, d, BigInt(table) | 0x63n);
      for (let p = 0; p < 512; p++) entry(table, p, (BigInt(((g * 512 + d) * 512 + p) * 4096) | 0x163n) | (1n << 63n));
    }
  }
  const textPd = pml4 + 0x4000;
  entry(pml4, 511, BigInt(pdpt + 0x3000 + 0x2000) | 0x63n);
  entry(pdpt + 0x5000, 510, BigInt(textPd) | 0x63n);
  for (let d = 0; d < 32; d++) entry(textPd, d, BigInt(0x1000000 + d * 0x200000) | 0x1e1n);
  writeElfDump(path, [{ paddr: 0, size: 2 * 2 ** 30 }], [...frames].map(([pa, bytes]) => ({ pa, bytes })));
}

async function bigDumpMappings(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "sim-bench-"));
  try {
    const image = join(dir, "dump.elf");
    writeBigDump(image);
    const script = join(dir, "measure.mts");
    const run = join(process.cwd(), "scripts", "sim-cli", "run.ts");
    writeFileSync(
      script,
      `import { runCli } from ${JSON.stringify(run)};
let bytes = 0;
const start = performance.now();
await runCli(["mappings", "--image", ${JSON.stringify(image)}, "--mode", "x86_64", "--cr3", "0x10000000"], (c) => (bytes += c.length));
console.log(JSON.stringify({ ms: performance.now() - start, bytes, maxRssKb: process.resourceUsage().maxRSS }));`,
    );
    const { stdout } = await promisify(execFile)(join(process.cwd(), "node_modules", ".bin", "tsx"), [script], { maxBuffer: 1 << 20 });
    const r = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as { ms?: number; bytes?: number; maxRssKb?: number };
    return [`${((r.ms ?? 0) / 1000).toFixed(2)} s`, `${((r.bytes ?? 0) / 1e6).toFixed(1)} MB JSON`, `${((r.maxRssKb ?? 0) / 1024).toFixed(0)} MB`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fmt(perSecond: number): string {
  return `${(perSecond / 1e6).toFixed(2)} M/s`;
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

/** Runs the simulation-core benchmarks and prints two tables. */
export async function run(): Promise<void> {
  console.log(`walks (best of ${ROUNDS} rounds of ${WALKS}; goal: ratio >= 0.5 with traces off, met by the *Into walkers)`);
  table(["mode", "hand loop", "sim *Into, no trace", "ratio", "sim, trace off", "ratio", "sim, trace on", "ratio"], walkRates());
  console.log("\nmappings over a generated 2 GB ELF dump (goal: peak < 300 MB)");
  table(["time", "output", "peak RSS"], [await bigDumpMappings()]);
}
