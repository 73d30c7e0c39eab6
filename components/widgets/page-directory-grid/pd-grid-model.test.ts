import { describe, expect, it } from "vitest";
import { buildI386Process, pdmap } from "../../../sim/index";
import { buildGrid, describeCell, parseGridProps } from "./pd-grid-model";

const config = { seed: "lesson-2", split: "3G/1G", ram: 1024, pse: true } as const;

describe("buildGrid", () => {
  const grid = buildGrid(config);

  it("draws exactly sim's pdmap of the seeded process, 16 lines of 64", () => {
    const p = buildI386Process("lesson-2");
    expect(grid.lines.join("\n") + "\n").toBe(pdmap(p.mem, p.cr3, p.cpu.cr4));
    expect(grid.lines).toHaveLength(16);
    expect(grid.cells).toHaveLength(1024);
  });

  it("puts the facts file's landmarks where it says (facts §2.1): ELF at PDE 32, PAGE_OFFSET at PDE 768, stack at 767", () => {
    expect(grid.cells[32]).toMatchObject({ char: "r", vaStart: 0x08000000, vaLast: 0x083fffff });
    expect(grid.cells[32]?.regions).toEqual(expect.arrayContaining(["text", "data"]));
    expect(grid.cells[767]?.char).toBe("+");
    expect(grid.cells[768]).toMatchObject({ char: "x", vaStart: 0xc0000000 });
    expect(grid.cells[772]).toMatchObject({ char: "X", pde: 0x010001e3, firstPte: null });
    expect(grid.cells[0]?.char).toBe(".");
  });

  it("explains a cell: its range, its PDE and why it has its character", () => {
    const [where, pde, why] = describeCell(grid.cells[772] ?? grid.cells[0]!);
    expect(where).toBe("PDE 772 (row 12, column 4) covers 0xc1000000 to 0xc13fffff.");
    expect(pde).toContain("is 0x010001e3 [P RW A D PS G]: a 4 MB page at 0x01000000.");
    expect(why).toBe('"X": 4 MB page, supervisor.');
    const text = describeCell(grid.cells[32]!);
    expect(text[1]).toMatch(
      /a page table at 0x[0-9a-f]{8}; \d+ of 1024 PTEs present, the first is entry 72 = 0x[0-9a-f]{5}025 \[P US A\]/,
    );
  });

  it("without PSE the direct map is page tables: no X at all", () => {
    expect(buildGrid({ ...config, pse: false }).lines.join("")).not.toContain("X");
  });
});

describe("parseGridProps", () => {
  it("coerces MDX strings and rejects unknown splits and attributes", () => {
    expect(parseGridProps({ seed: "a", ram: "512", pse: "false" })).toEqual({
      ok: true,
      config: { seed: "a", split: "3G/1G", ram: 512, pse: false },
    });
    const bad = parseGridProps({ split: "4G", size: 3 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/split.*size|size.*split/);
  });
});
