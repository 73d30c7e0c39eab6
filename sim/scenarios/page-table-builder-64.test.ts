import { describe, expect, it } from "vitest";
import { PhysicalMemory } from "../memory/physical-memory";
import { CR0_PG, CR0_WP, CR4_PAE, EFER_LMA, EFER_LME, EFER_NXE } from "../x86/constants";
import type { CpuState } from "../x86/cpu-state";
import { walkLong } from "../x86/walk-long";
import { walkPae } from "../x86/walk-pae";
import { NX_HI, PageTableBuilder64 } from "./page-table-builder-64";

const cpu = (cr3: number, efer: number): CpuState => ({ cr0: (CR0_PG | CR0_WP) >>> 0, cr3, cr4: CR4_PAE, efer, ac: false, user: true });

describe("PageTableBuilder64", () => {
  it("builds 4-level paths the walker follows: 4 KB, 2 MB and 1 GB leaves, tables created once", () => {
    const mem = new PhysicalMemory();
    let next = 0x10;
    const tables = new PageTableBuilder64(mem, 0x1000, 3, () => next++, () => ({ lo: 0x067, hi: 0 }));
    tables.map(0x7f0000001000, 0, 0x123456000, { lo: 0x067, hi: NX_HI });
    tables.map(0x7f0000002000, 0, 0x2000, { lo: 0x025, hi: 0 }); // same page table
    tables.map(0x7f0000400000, 1, 0x40000000, { lo: 0x0e7, hi: 0 }); // a 2 MB leaf beside it
    tables.map(0x7f0000201000, 0, 0x3000, { lo: 0x067, hi: 0 }); // a second page table, after the cache was reset
    tables.map(0x008000000000, 2, 0x4c0000000, { lo: 0x0e7, hi: 0 }); // 1 GB
    expect(next).toBe(0x10 + 5); // PDPT, PD, two PTs; and a PDPT for the 1 GB page in PML4 slot 1
    const c = cpu(0x1000, EFER_LME | EFER_LMA | EFER_NXE);
    expect(walkLong(c, mem, 0x7f0000001abcn, "write", false)).toMatchObject({ ok: true, pa: 0x123456abc, pageSize: 4096 });
    expect(walkLong(c, mem, 0x7f0000001abcn, "exec", false)).toMatchObject({ ok: false, errorCode: 0x15 });
    expect(walkLong(c, mem, 0x7f0000002000n, "exec", false)).toMatchObject({ ok: true, pa: 0x2000 });
    expect(walkLong(c, mem, 0x7f0000201008n, "read", false)).toMatchObject({ ok: true, pa: 0x3008 });
    expect(walkLong(c, mem, 0x7f00005fffffn, "read", false)).toMatchObject({ ok: true, pa: 0x401fffff, pageSize: 2097152 });
    expect(walkLong(c, mem, 0x008012345678n, "read", false)).toMatchObject({ ok: true, pa: 0x4d2345678, pageSize: 1073741824 });
    expect(tables.read(0x7f0000001000, 0)).toEqual([0x23456067, NX_HI + 1]);
    expect(tables.read(0x7e0000000000, 0)).toEqual([0, 0]);
  });

  it("orPath sets bits on every entry above a level, and setRaw writes not-present entries", () => {
    const mem = new PhysicalMemory();
    let next = 0x10;
    const tables = new PageTableBuilder64(mem, 0x1000, 3, () => next++, () => ({ lo: 0x063, hi: 0 }));
    tables.map(0xffffff600000, 0, 0x5000, { lo: 0x165, hi: 0 });
    tables.setRaw(0xffffff601000, 0, 0xdeadbee0, 0x7fffffff);
    const user = cpu(0x1000, EFER_LME | EFER_LMA | EFER_NXE);
    expect(walkLong(user, mem, 0xffffffffff600000n, "exec", false)).toMatchObject({ ok: false, errorCode: 0x15 });
    tables.orPath(0xffffff600000, 0, 0x4);
    expect(walkLong(user, mem, 0xffffffffff600000n, "exec", false)).toMatchObject({ ok: true, pa: 0x5000 });
    expect(walkLong(user, mem, 0xffffffffff601000n, "read", false)).toMatchObject({ ok: false, errorCode: 0x4 });
    expect(() => tables.orPath(0x100000000000, 0, 0x4)).toThrow(/no table/);
  });

  it("builds PAE paths from a 32-byte PDPT with P-only PDPTEs", () => {
    const mem = new PhysicalMemory();
    let next = 0x10;
    const tables = new PageTableBuilder64(mem, 0x1060, 2, () => next++, (level) => (level === 2 ? { lo: 1, hi: 0 } : { lo: 0x067, hi: 0 }));
    tables.map(0xbffff000, 0, 0x200000000, { lo: 0x067, hi: NX_HI });
    tables.map(0xc0200000, 1, 0x200000, { lo: 0x1e3, hi: 0 });
    expect(mem.read32(0x1060 + 3 * 8) & 0xfff).toBe(1);
    const c = cpu(0x1060, EFER_NXE);
    expect(walkPae(c, mem, 0xbffffffc, "write")).toMatchObject({ ok: true, pa: 0x200000ffc });
    expect(walkPae({ ...c, user: false }, mem, 0xc0212345, "exec")).toMatchObject({ ok: true, pa: 0x212345, pageSize: 2097152 });
  });
});
