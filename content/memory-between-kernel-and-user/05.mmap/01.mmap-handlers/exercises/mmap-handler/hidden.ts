import type { CheckGroup, FixtureWire } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import { KERNEL_TEXT_PFN, ringLayout } from "./spec-ring";
import { checkGroup, ringFixture } from "./spec";
import { BUF_PAGES, MAP_PRIVATE, PAGE, PROT_EXEC, PROT_READ, PROT_WRITE, request, type MmapInput } from "./spec-input";
import { randomRequests } from "./spec-random";

// Server only: one check per buggy-handler pattern of facts §4.6 that applies to a handler of a contiguous,
// page-granular, read-only ring (B1-B6, B9, B10, B15, and B11's mremap half), the course decision on VM_MAYSHARE
// (docs/decisions/0040), every legal request, and a differential check on a fresh machine per submission.
// B7, B8 and B14 need another buffer design (kmalloc'ed, vmalloc'ed, region-indexed), B12 and B13 a fault handler
// and an ioctl: the mmap-fault exercise and the lesson cover them.

const pages = (n: number) => n * PAGE;
type Check = (fixture: FixtureWire) => CheckGroup;

/** Every (offset, length) that fits, exact fits included: 136 requests, fds alternating, some lengths unaligned. */
const everyLegalRequest: Check = (fixture) => {
  const inputs: MmapInput[] = [];
  for (let off = 0; off < BUF_PAGES; off++) {
    for (let n = 1; n <= BUF_PAGES - off; n++) {
      const len = (off + n) % 5 === 0 ? pages(n) - ((off * 977 + n * 131) % (PAGE - 1)) - 1 : pages(n);
      inputs.push(request(len, pages(off), { fd: (off + n) % 2 === 0 ? "O_RDWR" : "O_RDONLY" }));
    }
  }
  return checkGroup(
    "Every legal request: all 136 offsets and lengths that fit, exact fits included",
    1,
    "hidden",
    fixture,
    inputs,
  );
};

const rawPfn: Check = (fixture) => {
  const base = typeof fixture.meta.base === "number" ? fixture.meta.base : 0;
  const at = ringLayout(base);
  return checkGroup("B1: the offset is a page index, never a physical frame number", 1, "hidden", fixture, [
    request(pages(1), BigInt(KERNEL_TEXT_PFN) * BigInt(PAGE)),
    request(pages(1), BigInt(at.credPage) * BigInt(PAGE)),
    request(pages(BUF_PAGES), BigInt(at.bufPfn) * BigInt(PAGE)),
    request(pages(2), BigInt(at.nextPage) * BigInt(PAGE)),
    request(pages(1), 0x100000000n),
  ]);
};

const noSizeCheck: Check = (fixture) =>
  checkGroup("B2: no size check: 17 pages, and the MWR exploit's 0xF0000000 bytes at offset 0", 1, "hidden", fixture, [
    request(pages(BUF_PAGES + 1), 0),
    request(pages(32), 0),
    request(0xf0000000, 0),
  ]);

const offsetIgnored: Check = (fixture) =>
  checkGroup("B3: the offset counts in the size check", 1, "hidden", fixture, [
    request(pages(1), pages(BUF_PAGES)),
    request(pages(2), pages(BUF_PAGES - 1)),
    request(pages(BUF_PAGES), pages(8)),
    request(pages(BUF_PAGES), pages(1)),
  ]);

const byteOverflow: Check = (fixture) =>
  checkGroup("B4: byte-offset arithmetic that wraps (32-bit, and 64-bit at the VMA level)", 1, "hidden", fixture, [
    request(0x2000, 0xfffff000n),
    request(pages(BUF_PAGES), 0xffff0000n),
    request(pages(1), 0x80000000n),
    request(0x2000, 0xfffffffffffff000n, { level: "vma" }),
    request(pages(BUF_PAGES), 0xffffffffffff0000n, { level: "vma" }),
  ]);

const signedSize: Check = (fixture) =>
  checkGroup("B5: lengths that are negative as a signed int", 1, "hidden", fixture, [
    request(0x80000000, 0),
    request(0xf0000000, 0),
    request(0xfffff000, 0),
    request(0x80000000, pages(4)),
  ]);

const offByOne: Check = (fixture) =>
  checkGroup("B6: off by one: exact fits succeed, one page more fails", 1, "hidden", fixture, [
    request(pages(BUF_PAGES), 0),
    request(pages(1), pages(BUF_PAGES - 1)),
    request(pages(4), pages(BUF_PAGES - 4)),
    request(pages(BUF_PAGES + 1), 0),
    request(pages(5), pages(BUF_PAGES - 4)),
    request(pages(1), pages(BUF_PAGES)),
    request(65537, 0),
  ]);

const readOnly: Check = (fixture) =>
  checkGroup(
    "B9: read-only ring: PROT_WRITE and PROT_EXEC get -EPERM, and mprotect cannot add them later",
    1,
    "hidden",
    fixture,
    [
      request(pages(BUF_PAGES), 0, { prot: PROT_READ | PROT_WRITE }),
      request(pages(1), pages(3), { prot: PROT_WRITE }),
      request(pages(2), 0, { prot: PROT_READ | PROT_EXEC }),
      request(pages(BUF_PAGES), 0),
      request(pages(3), pages(5)),
      request(pages(1), pages(BUF_PAGES - 1), { fd: "O_RDONLY" }),
    ],
  );

const privateMapping: Check = (fixture) =>
  checkGroup("B10: MAP_PRIVATE is refused with -EINVAL", 1, "hidden", fixture, [
    request(pages(BUF_PAGES), 0, { flags: MAP_PRIVATE }),
    request(pages(1), pages(2), { flags: MAP_PRIVATE }),
    request(pages(BUF_PAGES), 0, { flags: MAP_PRIVATE, fd: "O_RDONLY" }),
    request(pages(4), pages(12), { flags: MAP_PRIVATE, fd: "O_RDONLY" }),
  ]);

const readOnlyFd: Check = (fixture) =>
  checkGroup(
    "MAP_SHARED on an O_RDONLY fd is legal: do_mmap clears VM_SHARED but keeps VM_MAYSHARE",
    1,
    "hidden",
    fixture,
    [
      request(pages(BUF_PAGES), 0, { fd: "O_RDONLY" }),
      request(pages(1), pages(7), { fd: "O_RDONLY" }),
      request(pages(3), pages(BUF_PAGES - 3), { fd: "O_RDONLY" }),
      request(100, pages(2), { fd: "O_RDONLY" }),
    ],
  );

const dontExpand: Check = (fixture) =>
  checkGroup(
    "B11: mremap cannot grow the mapping (VM_DONTEXPAND), even one that ends before the ring does",
    1,
    "hidden",
    fixture,
    [
      request(pages(1), 0),
      request(pages(4), pages(2)),
      request(pages(BUF_PAGES), 0),
      request(pages(1), pages(BUF_PAGES - 1)),
    ],
  );

const regionTooBig: Check = (fixture) =>
  checkGroup("B15: a mapping one page larger than the ring", 1, "hidden", fixture, [
    request(65536 + PAGE, 0),
    request(61440 + PAGE, pages(1)),
    request(61440, pages(1)),
    request(65536, pages(1)),
  ]);

/** The hidden checks for one submission: every pattern on a machine of the seed, then a fresh differential. */
export function hiddenChecks(seed: string): CheckGroup[] {
  const rng = createRng(`mmap-handler hidden:${seed}`);
  const fixture = ringFixture(rng.fork("machine"));
  const patterns = [
    everyLegalRequest,
    rawPfn,
    noSizeCheck,
    offsetIgnored,
    byteOverflow,
    signedSize,
    offByOne,
    readOnly,
    privateMapping,
    readOnlyFd,
    dontExpand,
    regionTooBig,
  ].map((check) => check(fixture));
  const fresh = ringFixture(rng.fork("fresh machine"));
  const differential = checkGroup(
    "Differential: 60 random requests on a fresh machine",
    1,
    "hidden",
    fresh,
    randomRequests(rng.fork("requests"), 60),
  );
  return [...patterns, differential];
}
