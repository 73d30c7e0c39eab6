import { describe, expect, it } from "vitest";
import { PhysicalMemory } from "../memory/physical-memory";
import { PageTableBuilder32 } from "./page-table-builder-32";

describe("PageTableBuilder32", () => {
  it("setPteRun writes the same entries as setPte page by page, and creates the table once", () => {
    const build = (bulk: boolean) => {
      const mem = new PhysicalMemory();
      let next = 0x20;
      const tables = new PageTableBuilder32(mem, 0x1000, () => next++);
      if (bulk) tables.setPteRun(0xc0005000, 1019, 0x00123163, 0x063);
      else for (let k = 0; k < 1019; k++) tables.setPte(0xc0005000 + k * 4096, 0x00123163 + k * 4096, 0x063);
      return { mem, next };
    };
    const bulk = build(true);
    const single = build(false);
    expect(bulk.next).toBe(0x21);
    expect(bulk.mem.frameNumbers()).toEqual(single.mem.frameNumbers());
    expect(Buffer.from(bulk.mem.toWire().bytes).equals(Buffer.from(single.mem.toWire().bytes))).toBe(true);
    expect(bulk.mem.read32(0x20000 + 1023 * 4)).toBe((0x00123163 + 1018 * 4096) >>> 0);
  });

  it("setPteRun refuses a run that leaves its page table", () => {
    const tables = new PageTableBuilder32(new PhysicalMemory(), 0x1000, () => 0x20);
    expect(() => tables.setPteRun(0xc03ff000, 2, 0x163, 0x063)).toThrow(/crosses a page table/);
  });
});
