import { describe, expect, it } from "vitest";
import {
  EACCES,
  EINVAL,
  ENOMEM,
  EOVERFLOW,
  EPERM,
  PAGE_READONLY,
  PROT_READ,
  PROT_WRITE,
  VM_DONTDUMP,
  VM_DONTEXPAND,
  VM_IO,
  VM_MAYEXEC,
  VM_MAYWRITE,
  VM_PFNMAP,
} from "../../../sim/index";
import { runMmapRequest, type DeviceSetup, type MmapRequest } from "./vma-model";
import { parseBytes, parseProt, parseVmaProps, protName } from "./vma-props";

const P = 4096n;
const RO: DeviceSetup = { readonly: true, fdWritable: true };
const req = (pages: bigint, offPages: bigint, extra: Partial<MmapRequest> = {}): MmapRequest => ({
  length: pages * P,
  offset: offPages * P,
  prot: PROT_READ,
  shared: true,
  ...extra,
});
const run = (r: MmapRequest, device: DeviceSetup = RO) => runMmapRequest(r, device, "t");

describe("an mmap request on the 16-page buffer (facts §4.1, §4.2)", () => {
  it("the lesson's worked example: mmap(NULL, 0x2001, PROT_READ, MAP_SHARED, fd, 0x3000) on O_RDWR", () => {
    const out = run({ length: 0x2001n, offset: 0x3000n, prot: PROT_READ, shared: true });
    if (out.stage !== "driver") throw new Error(out.reason);
    expect(out.seen).toMatchObject({
      vm_start: 0x7effffffd000,
      vm_end: 0x7f0000000000,
      vm_pgoff: 3,
      npages: 3,
      vm_flags: 0xf9,
    });
    expect(out.seen.flagNames).toBe("READ|SHARED|MAYREAD|MAYWRITE|MAYEXEC|MAYSHARE");
    expect(out.seen.vm_page_prot).toBe(PAGE_READONLY);
    expect(out.accepted).toBe(true);
    // The read-only handler cleared MAYWRITE|MAYEXEC; remap_pfn_range set IO|PFNMAP|DONTEXPAND|DONTDUMP.
    expect(out.final?.vm_flags).toBe(
      ((0xf9 & ~(VM_MAYWRITE | VM_MAYEXEC)) | VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP) >>> 0,
    );
    expect(out.lines.map((l) => [l.bufPage, l.pfn - out.bufferPfn, l.inBuffer])).toEqual([
      [3, 3, true],
      [4, 4, true],
      [5, 5, true],
    ]);
  });

  it("O_RDONLY: do_mmap clears VM_SHARED and VM_MAYWRITE (0xd1); VM_MAYSHARE stays, so the handler accepts", () => {
    const out = run(
      { length: 0x2001n, offset: 0x3000n, prot: PROT_READ, shared: true },
      { readonly: true, fdWritable: false },
    );
    expect(out).toMatchObject({ stage: "driver", accepted: true, seen: { vm_flags: 0xd1 } });
    expect(run(req(1n, 0n, { prot: PROT_READ | PROT_WRITE }), { readonly: false, fdWritable: false })).toMatchObject({
      stage: "kernel",
      errno: EACCES,
      reason: expect.stringMatching(/O_RDONLY/),
    });
  });

  it("the lesson's bounds table: 16 at 0 and 1 at 15 map; 2 at 15, 1 at 16, 16 at 1 are -EINVAL", () => {
    expect(run(req(16n, 0n))).toMatchObject({ accepted: true });
    expect(run(req(1n, 15n))).toMatchObject({ accepted: true });
    const past = run(req(2n, 15n));
    expect(past).toMatchObject({
      accepted: false,
      errno: EINVAL,
      check: { off: 15, npages: 2, offOk: true, fits: false },
    });
    if (past.stage === "driver") {
      expect(past.reason).toBe("npages = 2 > 16 - off = 1: the mapping would run 1 page past the buffer");
      expect(past.lines.at(-1)).toMatchObject({ bufPage: 16, inBuffer: false, pfn: past.bufferPfn + 16 });
    }
    expect(run(req(1n, 16n))).toMatchObject({ accepted: false, check: { offOk: false } });
    expect(run(req(16n, 1n))).toMatchObject({ accepted: false, check: { offOk: true, fits: false } });
  });

  it("0xF0000000 bytes (the MWR map-everything request) reaches the handler and is rejected; 24 pages drawn", () => {
    const out = run({ length: 0xf0000000n, offset: 0n, prot: PROT_READ, shared: true });
    expect(out).toMatchObject({ stage: "driver", accepted: false, errno: EINVAL, check: { npages: 0xf0000 } });
    if (out.stage === "driver") expect(out.lines).toHaveLength(24);
  });

  it("PROT_WRITE on the read-only buffer is -EPERM (B9); the read-write buffer accepts it", () => {
    expect(run(req(1n, 0n, { prot: PROT_READ | PROT_WRITE }))).toMatchObject({ accepted: false, errno: EPERM });
    expect(run(req(1n, 0n, { prot: PROT_READ | PROT_WRITE }), { readonly: false, fdWritable: true })).toMatchObject({
      accepted: true,
    });
  });

  it("MAP_PRIVATE is refused by the handler (B10): VM_MAYSHARE is clear", () => {
    const out = run(req(1n, 0n, { shared: false }));
    expect(out).toMatchObject({ stage: "driver", accepted: false, errno: EINVAL });
    if (out.stage === "driver") expect(out.reason).toMatch(/^MAP_PRIVATE/);
  });

  it("do_mmap refuses before the driver: unaligned offset, length 0 (-EINVAL), offset -4096 (-EOVERFLOW), huge length (-ENOMEM)", () => {
    expect(run({ length: 4096n, offset: 100n, prot: PROT_READ, shared: true })).toMatchObject({
      stage: "kernel",
      errno: EINVAL,
      reason: expect.stringMatching(/not a multiple/),
    });
    expect(run({ length: 0n, offset: 0n, prot: PROT_READ, shared: true })).toMatchObject({
      stage: "kernel",
      errno: EINVAL,
      reason: expect.stringMatching(/length is 0/),
    });
    expect(run({ length: 8192n, offset: 0xfffffffffffff000n, prot: PROT_READ, shared: true })).toMatchObject({
      stage: "kernel",
      errno: EOVERFLOW,
    });
    expect(run({ length: 0xfffffffffffff001n, offset: 0n, prot: PROT_READ, shared: true })).toMatchObject({
      stage: "kernel",
      errno: ENOMEM,
      reason: expect.stringMatching(/wraps to 0/),
    });
  });

  it("PROT_NONE is accepted; remap_pfn_range still installs (not present) PTEs for the buffer's frames", () => {
    const out = run(req(2n, 0n, { prot: 0 }));
    expect(out).toMatchObject({ stage: "driver", accepted: true });
    if (out.stage === "driver") expect(out.lines.map((l) => l.pfn - out.bufferPfn)).toEqual([0, 1]);
  });

  it("the seed moves the buffer's frames, not the answer", () => {
    const a = runMmapRequest(req(2n, 0n), RO, "a");
    const b = runMmapRequest(req(2n, 0n), RO, "b");
    if (a.stage !== "driver" || b.stage !== "driver") throw new Error("kernel refused");
    expect(a.bufferPfn).not.toBe(b.bufferPfn);
    expect(a.lines.map((l) => l.pfn - a.bufferPfn)).toEqual(b.lines.map((l) => l.pfn - b.bufferPfn));
  });
});

describe("VmaDiagram props", () => {
  it("parses lengths, prot names, flags, the buffer and the fd", () => {
    expect(parseBytes("0x10000")).toBe(0x10000n);
    expect(parseBytes("65536")).toBe(65536n);
    expect(parseBytes("0x1ffffffffffffffff")).toBeNull();
    expect(parseBytes("-1")).toBeNull();
    expect(parseProt("PROT_READ | PROT_WRITE")).toBe(3);
    expect(parseProt("PROT_NONE")).toBe(0);
    expect(parseProt("READ")).toBeNull();
    expect(protName(5)).toBe("PROT_READ|PROT_EXEC");
    expect(parseVmaProps({})).toEqual({
      ok: true,
      request: { length: 0x4000n, offset: 0x2000n, prot: PROT_READ, shared: true },
      device: { readonly: true, fdWritable: true },
      seed: "vma-diagram",
    });
    expect(
      parseVmaProps({
        length: 8192,
        offset: "0x3000",
        flags: "MAP_PRIVATE",
        prot: "PROT_READ|PROT_WRITE",
        buffer: "read-write",
        fd: "O_RDONLY",
      }),
    ).toMatchObject({
      ok: true,
      request: { length: 8192n, offset: 0x3000n, prot: 3, shared: false },
      device: { readonly: false, fdWritable: false },
    });
  });

  it("names a bad attribute", () => {
    const bad = parseVmaProps({ length: "64K" });
    expect(bad.ok === false && bad.message).toMatch(/^length: /);
    expect(parseVmaProps({ flags: "MAP_SHARED_VALIDATE" }).ok).toBe(false);
    expect(parseVmaProps({ buffer: "ro" }).ok).toBe(false);
    expect(parseVmaProps({ lenght: "4096" }).ok).toBe(false);
  });
});
