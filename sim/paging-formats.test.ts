import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhysicalMemory } from "./memory/physical-memory";
import { matchesRegisters, PAGING_FORMAT_BY_ID, PAGING_FORMATS, pagingFormat, pagingMode, type KnownPagingFormat, type PagingMode } from "./paging-formats";
import { CR0_PG, CR4_LA57, CR4_PAE, CR4_PSE, EFER_LME } from "./x86/constants";
import { translate } from "./x86/translate";

// The table is checked against itself (geometry adds up, the registers select the row) and against the walkers it
// names (a walk through tables laid out by the row's geometry lands where the geometry says, entry by entry).

/** pagingMode as it was written before the table (cpu-state.ts), the reference for "behaviour-identical". */
function pagingModeBefore(cr0: number, cr4: number, efer: number): PagingMode {
  if (((cr0 >>> 0) & CR0_PG) === 0) return "none";
  if ((cr4 & CR4_PAE) === 0) return "i386";
  if ((efer & EFER_LME) === 0) return "pae";
  return (cr4 & CR4_LA57) !== 0 ? "5-level" : "4-level";
}

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe("PAGING_FORMATS: every row is self-consistent", () => {
  it("has unique ids, and PAGING_FORMAT_BY_ID finds each row", () => {
    expect(new Set(PAGING_FORMATS.map((f) => f.id)).size).toBe(PAGING_FORMATS.length);
    for (const f of PAGING_FORMATS) expect(PAGING_FORMAT_BY_ID[f.id]).toBe(f);
    expect(PAGING_FORMATS.map((f) => f.id)).toEqual(["i386", "i386-pse", "pae", "4-level", "5-level"]);
  });

  for (const f of PAGING_FORMATS) {
    describe(f.id, () => {
      it("levels are contiguous from bit vaBits - 1 down to the 4 KB page offset, and their bits add up to vaBits", () => {
        expect(f.levels[0]?.hiBit).toBe(f.vaBits - 1);
        f.levels.forEach((level, i) => {
          expect(level.hiBit).toBeGreaterThanOrEqual(level.loBit);
          const below = f.levels[i + 1];
          if (below) expect(below.hiBit).toBe(level.loBit - 1);
        });
        expect(f.levels.at(-1)?.loBit).toBe(12);
        expect(f.levels.reduce((sum, l) => sum + l.hiBit - l.loBit + 1, 12)).toBe(f.vaBits);
        expect(f.linearBits).toBeGreaterThanOrEqual(f.vaBits);
        expect([32, 64]).toContain(f.linearBits);
      });

      it("every table fits one 4 KB page, and the entry layout matches the entry size", () => {
        for (const level of f.levels) expect(2 ** (level.hiBit - level.loBit + 1) * f.entryBytes).toBeLessThanOrEqual(4096);
        expect(f.entryBytes).toBe(f.entryLayout === "32" ? 4 : 8);
      });

      it("pageSizes are the levels' leaf sizes, each the reach of its level's entry (2^loBit)", () => {
        const sizes = f.levels.flatMap((l) => (l.pageSize === null ? [] : [l.pageSize]));
        expect([...sizes].sort((a, b) => a - b)).toEqual([...f.pageSizes]);
        for (const level of f.levels) if (level.pageSize !== null) expect(level.pageSize).toBe(2 ** level.loBit);
        expect(f.levels.at(-1)?.pageSize).toBe(4096);
      });

      it("its registers select it: pagingFormat returns the row, pagingMode its mode", () => {
        const { cr0, cr4, efer } = f.registers;
        expect(matchesRegisters(f, cr0, cr4, efer)).toBe(true);
        expect(pagingFormat(cr0, cr4, efer)).toBe(f);
        expect(pagingMode(cr0, cr4, efer)).toBe(f.mode);
        expect(f.selectedBy["CR0.PG"]).toBe(1);
      });

      it("its mode is the id of the row without optional features, a row whose mode is itself", () => {
        const base = PAGING_FORMAT_BY_ID[f.mode];
        expect(base.mode).toBe(base.id);
        expect(base.walkInto).toBe(f.walkInto);
        expect(base.entryLayout).toBe(f.entryLayout);
      });

      it("a walk through tables laid out by the row's geometry reads each level's index and lands on the page", () => {
        fc.assert(
          fc.property(u32, u32, u32, fc.nat({ max: f.levels.length - 1 }), (hi, lo, frame, leafAt) => {
            const va = randomVa(f, hi, lo);
            const leaf = f.levels[leafAt];
            const useLarge = leaf !== undefined && leaf.pageSize !== null && leaf.pageSize > 4096 ? leafAt : f.levels.length - 1;
            const { mem, cr3, pa, pageSize } = layOut(f, va, frame, useLarge);
            const cpu = { ...f.registers, cr3, ac: false, user: true };
            const traced = translate(cpu, mem, va, "read", { mode: f.id, trace: true });
            expect(traced).toMatchObject({ ok: true, pa, pageSize });
            expect(translate(cpu, mem, va, "read", { mode: f.id })).toEqual({ ok: true, pa, pageSize });
            expect(translate(cpu, mem, va, "read")).toEqual({ ok: true, pa, pageSize }); // the registers select the row
            const steps = traced.trace?.steps ?? [];
            expect(steps.map((s) => s.level)).toEqual(f.levels.slice(0, useLarge + 1).map((l) => l.entry));
            steps.forEach((s, i) => {
              const level = f.levels[i];
              if (level) expect(s.index).toBe(Number((va >> BigInt(level.loBit)) & ((1n << BigInt(level.hiBit - level.loBit + 1)) - 1n)));
            });
          }),
          { numRuns: 60, seed: 100 },
        );
      });

      if (f.linearBits > f.vaBits) {
        it("refuses a non-canonical address (bit vaBits - 1 set, the bits above clear) with #GP(0)", () => {
          const cpu = { ...f.registers, cr3: 0x1000, ac: false, user: true };
          expect(translate(cpu, new PhysicalMemory(), 1n << BigInt(f.vaBits - 1), "read")).toEqual({ ok: false, fault: "GP", errorCode: 0 });
        });
      }

      if (f.demo !== null) {
        const demo = f.demo;
        it("its demo machine runs this format and maps PAGE_OFFSET + 0x01234567 to 0x01234567", () => {
          const machine = demo.build("paging-formats");
          expect(pagingFormat(machine.cpu.cr0, machine.cpu.cr4, machine.cpu.efer)).toBe(f);
          expect(translate({ ...machine.cpu, user: false }, machine.mem, demo.pageOffset + 0x01234567n, "read")).toMatchObject({ ok: true, pa: 0x01234567 });
        });
      }
    });
  }

  it("the CLI names are COURSE.md's, each with exactly one default row", () => {
    const names = [...new Set(PAGING_FORMATS.flatMap((f) => (f.cli === null ? [] : [f.cli.name])))];
    expect(names).toEqual(["i386", "pae", "x86_64"]);
    for (const name of names) expect(PAGING_FORMATS.filter((f) => f.cli?.name === name && f.cli.isDefault)).toHaveLength(1);
  });
});

describe("pagingMode and pagingFormat", () => {
  it("pagingMode is what it was before the table, for every combination of the selecting bits and any other bits", () => {
    fc.assert(
      fc.property(fc.nat({ max: 31 }), u32, u32, u32, (bits, cr0Noise, cr4Noise, eferNoise) => {
        const pick = (i: number, mask: number) => ((bits >> i) & 1 ? mask : 0);
        const cr0 = ((cr0Noise & ~CR0_PG) | pick(0, CR0_PG)) >>> 0;
        const cr4 = ((cr4Noise & ~(CR4_PSE | CR4_PAE | CR4_LA57)) | pick(1, CR4_PSE) | pick(2, CR4_PAE) | pick(3, CR4_LA57)) >>> 0;
        const efer = ((eferNoise & ~EFER_LME) | pick(4, EFER_LME)) >>> 0;
        expect(pagingMode(cr0, cr4, efer)).toBe(pagingModeBefore(cr0, cr4, efer));
        expect(pagingMode(cr0 | 0, cr4, efer)).toBe(pagingModeBefore(cr0 | 0, cr4, efer)); // CR0 as a signed number too
        const format = pagingFormat(cr0, cr4, efer);
        expect(format?.mode ?? "none").toBe(pagingMode(cr0, cr4, efer));
        if (format !== null) expect(matchesRegisters(format, cr0, cr4, efer)).toBe(true);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it("CR4.PSE chooses between the two 32-bit rows, which pagingMode both calls i386", () => {
    const cr0 = CR0_PG;
    expect(pagingFormat(cr0, 0, 0)?.id).toBe("i386");
    expect(pagingFormat(cr0, CR4_PSE, 0)?.id).toBe("i386-pse");
    expect(pagingFormat(cr0, CR4_PAE | CR4_PSE, 0)?.id).toBe("pae"); // PSE is ignored with PAE
    expect(pagingFormat(0, CR4_PAE, EFER_LME)).toBeNull();
  });
});

// A VA the row can translate: 32 bits, or canonical (sign-extended from bit vaBits - 1).
function randomVa(f: KnownPagingFormat, hi: number, lo: number): bigint {
  const raw = (BigInt(hi) << 32n) | BigInt(lo);
  return f.linearBits === 64 ? BigInt.asUintN(64, BigInt.asIntN(f.vaBits, raw)) : BigInt(lo);
}

// Tables from the row's geometry alone: one table per level in frames 1, 2, ..., the entry at each level's index
// pointing to the next (P|RW|US|A|D, or P alone where the entry has no rights bits), and a leaf at `leafAt` (PS = 1
// above the last level) mapping a frame aligned to its page size.
function layOut(f: KnownPagingFormat, va: bigint, frame: number, leafAt: number) {
  const mem = new PhysicalMemory();
  const write = (at: number, value: number) => (f.entryBytes === 4 ? mem.write32(at, value >>> 0) : mem.write64(at, BigInt(value)));
  const leaf = f.levels[leafAt];
  const pageSize = leaf?.pageSize ?? 4096;
  // Aligned to the page, above the tables (16 MB up) and below 2 GB (32-bit PTEs hold no more than 4 GB).
  const lowest = Math.max(pageSize, 2 ** 24);
  const pageBase = lowest + pageSize * (frame % Math.floor((2 ** 31 - lowest) / pageSize));
  let table = 0x1000;
  for (let i = 0; i <= leafAt; i++) {
    const level = f.levels[i];
    if (!level) break;
    const index = Number((va >> BigInt(level.loBit)) & ((1n << BigInt(level.hiBit - level.loBit + 1)) - 1n));
    const at = table + index * f.entryBytes;
    if (i === leafAt) {
      write(at, pageBase + (i === f.levels.length - 1 ? 0x67 : 0xe7));
    } else {
      const next = 0x1000 * (i + 2);
      write(at, next + (level.rights ? 0x67 : 0x1));
      table = next;
    }
  }
  return { mem, cr3: 0x1000, pa: pageBase + Number(va % BigInt(pageSize)), pageSize };
}
