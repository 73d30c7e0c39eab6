import { describe, expect, it } from "vitest";
import { PROT_NONE, PROT_READ, PROT_WRITE } from "./vm-flags";
import { buildUserSpace, parseUserSpace } from "./user-space-wire";
import { copyFromUser } from "./uaccess";

describe("a user space as plain data", () => {
  const bytes = new Uint8Array(4096).fill(0x5a);
  const space = {
    vmas: [
      { start: 0x10000, end: 0x12000, prot: PROT_READ | PROT_WRITE },
      { start: 0x12000, end: 0x13000, prot: PROT_NONE },
    ],
    ptes: [{ va: 0x10000, pfn: 0x100, writable: true }],
  };

  it("parses back to itself and builds an Mm whose present page holds the fixture's bytes", () => {
    expect(parseUserSpace(JSON.parse(JSON.stringify(space)), "test")).toEqual(space);
    const mm = buildUserSpace(space, { frames: [0x100], bytes }, "test");
    expect(mm.vmas.map((v) => [v.vm_start, v.vm_end])).toEqual([
      [0x10000, 0x12000],
      [0x12000, 0x13000],
    ]);
    const to = new Uint8Array(8);
    // 4 bytes from the present page, 4 demand-zero bytes from the next page of the same VMA.
    expect(copyFromUser(mm, to, 0x10ffcn, 8)).toBe(0);
    expect([...to]).toEqual([0x5a, 0x5a, 0x5a, 0x5a, 0, 0, 0, 0]);
    // The PROT_NONE VMA stops a copy.
    expect(copyFromUser(mm, new Uint8Array(8), 0x11ffcn, 8)).toBe(4);
  });

  it("refuses malformed data with the caller's name", () => {
    expect(() => parseUserSpace({ vmas: [] }, "copy-from-user adapter")).toThrow(
      "copy-from-user adapter: fixture meta needs vmas and ptes",
    );
    expect(() => parseUserSpace({ vmas: [{ start: -1, end: 0, prot: 0 }], ptes: [] }, "x")).toThrow(
      "x: vma start must be a whole number >= 0, got -1",
    );
    expect(() => parseUserSpace({ vmas: [], ptes: [{ va: 0, pfn: 1, writable: 1 }] }, "x")).toThrow(
      "x: pte writable must be a boolean",
    );
    expect(() => buildUserSpace(space, { frames: [], bytes: new Uint8Array(0) }, "x")).toThrow(
      "x: frame 256 is not in the fixture",
    );
  });
});
