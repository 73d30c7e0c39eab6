import { describe, expect, it } from "vitest";
import {
  describeEntryBits,
  entryTarget,
  entryUseAt,
  formatOfTrace,
  parseEntryValue,
  reservedBitsOf,
} from "./entry-bits";

const named = (value: bigint, context: Parameters<typeof describeEntryBits>[1]) =>
  describeEntryBits(value, context)
    .filter((c) => c.isSet)
    .map((c) => c.name);

describe("describeEntryBits", () => {
  it("names the lesson's 4 MB kernel PDE 0x010001e3: P R/W A D PS G, PA bit 24, bit 21 reserved and clear", () => {
    const cells = describeEntryBits(0x010001e3n, { format: "32", level: "PDE", use: "large" });
    expect(cells).toHaveLength(32);
    expect(named(0x010001e3n, { format: "32", level: "PDE", use: "large" })).toEqual([
      "P",
      "R/W",
      "A",
      "D",
      "PS",
      "G",
      "PA",
    ]);
    expect(cells[21]).toMatchObject({ role: "reserved", isSet: false });
    expect(cells[13]).toMatchObject({ name: "PA32", role: "address" });
    expect(cells[12]).toMatchObject({ name: "PAT", role: "flag" });
  });

  it("marks bit 6 and 8 of a PDE that points to a table as ignored, and bit 7 of a PTE as PAT", () => {
    const pde = describeEntryBits(0x01234067n, { format: "32", level: "PDE", use: "table" });
    expect(pde[6]).toMatchObject({ name: "ign", role: "ignored", isSet: true });
    expect(pde[7]).toMatchObject({ name: "PS", isSet: false });
    expect(pde[8]?.role).toBe("ignored");
    const pte = describeEntryBits(0x0567a025n, { format: "32", level: "PTE", use: "page" });
    expect(pte[7]?.name).toBe("PAT");
    expect(pte.filter((c) => c.isSet && c.role === "flag").map((c) => c.name)).toEqual(["P", "U/S", "A"]);
  });

  it("uses sim's reserved-bit tables: PS in a PML4E, bit 63 without NXE, PAE PDPTE bits 2:1 and 8:5", () => {
    expect(describeEntryBits(0x80n, { format: "long", level: "PML4E", use: "table" })[7]).toMatchObject({
      name: "PS",
      role: "reserved",
    });
    expect(describeEntryBits(1n << 63n, { format: "long", level: "PTE", use: "page", nxe: true })[63]).toMatchObject({
      name: "NX",
      role: "nx",
    });
    expect(describeEntryBits(1n << 63n, { format: "long", level: "PTE", use: "page", nxe: false })[63]?.role).toBe(
      "reserved",
    );
    expect(reservedBitsOf({ format: "pae", level: "PDPTE", use: "table", maxPhyAddr: 36 })).toBe(0xfffffff0000001e6n);
    expect(reservedBitsOf({ format: "long", level: "PDE", use: "large", maxPhyAddr: 52 })).toBe(0x1fe000n);
    expect(reservedBitsOf({ format: "32", level: "PDE", use: "large" })).toBe(1n << 21n);
  });

  it("names protection-key bits 62:59 of a 4-level leaf and address bits below MAXPHYADDR", () => {
    const cells = describeEntryBits(0n, { format: "long", level: "PTE", use: "page", maxPhyAddr: 46 });
    expect(cells.slice(59, 63).map((c) => c.role)).toEqual(["pk", "pk", "pk", "pk"]);
    expect(cells[45]?.role).toBe("address");
    expect(cells[46]?.role).toBe("reserved");
    expect(cells[52]?.role).toBe("ignored");
  });
});

describe("reading a trace", () => {
  const trace = {
    steps: [
      { level: "PDE", entryAddress: "0x37b080", entryValue: "0x1234067", flags: [] },
      { level: "PTE", entryAddress: "0x1234120", entryValue: "0x567a025", flags: [] },
    ],
  };
  it("tells the format from the level names", () => {
    expect(formatOfTrace(trace)).toBe("32");
    expect(formatOfTrace({ steps: [{ level: "PDPTE", entryAddress: "0x0", entryValue: "0x1", flags: [] }] })).toBe(
      "pae",
    );
    expect(formatOfTrace({ steps: [{ level: "PML4E", entryAddress: "0x0", entryValue: "0x1", flags: [] }] })).toBe(
      "long",
    );
  });
  it("takes a present PS = 1 PDE that ends the walk as a large page, and one followed by a PTE as a table", () => {
    expect(entryUseAt(trace, 0, "32")).toBe("table");
    expect(entryUseAt(trace, 1, "32")).toBe("page");
    expect(
      entryUseAt({ steps: [{ level: "PDE", entryAddress: "0x0", entryValue: "0x10001e3", flags: [] }] }, 0, "32"),
    ).toBe("large");
    expect(
      entryUseAt({ steps: [{ level: "read", entryAddress: "0x0", entryValue: "0x1", flags: [] }] }, 0, "32"),
    ).toBeNull();
  });
  it("parses only 0x-hex values", () => {
    expect(parseEntryValue("0xffffffff80000163")).toBe(0xffffffff80000163n);
    expect(parseEntryValue("12")).toBeNull();
  });
});

describe("entryTarget", () => {
  it("reads the next table or the frame, with PSE-36's high bits and without the PAT bit of a large page", () => {
    expect(entryTarget(0x01234067n, { format: "32", level: "PDE", use: "table" })).toBe(0x01234000n);
    expect(entryTarget(0x010021e3n, { format: "32", level: "PDE", use: "large" })).toBe(0x101000000n);
    expect(entryTarget(0x80000000012011e3n, { format: "long", level: "PDE", use: "large" })).toBe(0x1200000n);
  });
});
