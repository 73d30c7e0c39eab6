import type { FixtureWire } from "../../../../../../contract/exercise";
import { isHex64, isWholeNumber, requireReturnedNumber } from "../../../../../kit/adapter-values";
import { defineAdapter } from "../../../../../kit/define-adapter";
import {
  alloc_pages,
  bindVmaMm,
  MAP_PRIVATE,
  MAP_SHARED,
  Mm,
  mmap,
  mprotect,
  mremap,
  munmap,
  openDevice,
  PageAllocator,
  PhysicalMemory,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  touchUser,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_SHARED,
  vmFlagNames,
  vmGetPageProt,
  type Page,
  type Pte,
  type SimFile,
  type Vma,
} from "../../../../../../sim/index";
import {
  BUF_PAGES,
  describeFrame,
  PAGE,
  PTE_CAP,
  ringLayout,
  type AfterProbe,
  type MappingProbe,
  type MmapAnswer,
  type MmapRequest,
  type RingBuffer,
} from "./spec-ring";

// Runs in the sandbox beside the learner's code: for every case a fresh machine (the ring's 16 frames at the
// fixture's place in physical memory, a struct cred page below them, another driver's page above), a process that
// opens /dev/ring, and one real mmap(2) through sim's do_mmap into the learner's ringMmap. Then it looks at what the
// process got: the frame behind every page, mprotect and mremap, and the page references after munmap.

type RingMmap = (ring: RingBuffer, vma: Vma) => unknown;

const PROBE_PAGES = 64;

/** Thrown through the learner's handler when it passes PTE_CAP, and caught by call(). */
class StopMapping {}

/** An mm whose page table counts what a handler installs (a 0xF0000000-byte remap must not eat the sandbox). */
class ProbeMm extends Mm {
  installed = 0;
  outside = 0;
  firstOutside: number | null = null;

  constructor(
    allocator: PageAllocator,
    private readonly bufPfn: number,
  ) {
    super(allocator);
  }

  override setPte(addr: number, pte: Pte): void {
    if (++this.installed > PTE_CAP) throw new StopMapping();
    if (pte.pfn < this.bufPfn || pte.pfn >= this.bufPfn + BUF_PAGES) {
      this.outside++;
      this.firstOutside ??= pte.pfn;
    }
    super.setPte(addr, pte);
  }
}

interface PreparedRing {
  base: number;
  /** The machine of the last case, kept when that case left it exactly as built (see takeMachine). */
  machine: RingMachine | null;
}

function prepare(fixture: FixtureWire): PreparedRing {
  const base = fixture.meta.base;
  if (!isWholeNumber(base, 0x100, 0xfffff))
    throw new Error("mmap-handler adapter: fixture meta needs a base frame number");
  return { base, machine: null };
}

/** The physical side of a case: the allocator, the ring and its neighbours. */
export interface RingMachine {
  allocator: PageAllocator;
  ring: RingBuffer;
  neighbours: Page[];
}

/** A fresh machine: the zero page at `base`, a struct cred page, the 16 ring pages, another driver's page. */
export function buildMachine(base: number): RingMachine {
  const allocator = new PageAllocator(new PhysicalMemory(), base);
  const [cred] = alloc_pages(allocator, 0);
  const pages = alloc_pages(allocator, 4);
  const [next] = alloc_pages(allocator, 0);
  if (cred === undefined || next === undefined || pages[0]?.pfn !== ringLayout(base).bufPfn) {
    throw new Error("mmap-handler adapter: the ring did not land where the fixture says");
  }
  const ring: RingBuffer = Object.freeze({ pfn: pages[0].pfn, nr_pages: BUF_PAGES, pages: Object.freeze([...pages]) });
  return { allocator, ring, neighbours: [cred, next] };
}

/**
 * The machine for the next case. Building one costs 18 zeroed frames, so a machine the last case left exactly as
 * built (every page at one reference, no refcount bug, nothing allocated after it) is reused; any other is dropped.
 */
function takeMachine(prepared: PreparedRing): RingMachine {
  const machine = prepared.machine ?? buildMachine(prepared.base);
  prepared.machine = null;
  return machine;
}

function isPristine(m: RingMachine): boolean {
  const last = m.neighbours[1];
  return (
    last !== undefined &&
    m.allocator.refcountBugs.length === 0 &&
    m.allocator.findPage(last.pfn + 1) === null &&
    m.ring.pages.every((p) => p.refcount === 1) &&
    m.neighbours.every((p) => p.refcount === 1)
  );
}

/** Calls mmap(2) (or, at VMA level, the handler directly) for one case and probes the result. */
function call(ringMmap: RingMmap, prepared: PreparedRing, rawInput: Record<string, unknown>): MmapAnswer {
  const input = requireRequest(rawInput);
  const machine = takeMachine(prepared);
  try {
    return mmapOnce(ringMmap, machine, input);
  } finally {
    if (isPristine(machine)) prepared.machine = machine;
  }
}

export const adapter = defineAdapter({ prepare, call });

function mmapOnce(ringMmap: RingMmap, machine: RingMachine, input: MmapRequest): MmapAnswer {
  const { allocator, ring } = machine;
  const mm = new ProbeMm(allocator, ring.pfn);
  let handler: number | null = null;
  let handed: Vma | null = null;
  const driver = {
    name: "ring",
    mmap(_file: SimFile, vma: Vma): number {
      handed = vma;
      handler = handlerReturn(ringMmap(ring, vma));
      return handler;
    },
  };
  const file = openDevice(mm, driver, { read: true, write: input.fd === "O_RDWR" });
  try {
    const mapped = input.level === "vma" ? vmaLevelMmap(mm, file, input, driver) : syscallMmap(mm, file, input);
    if (!mapped.ok) return { handler, errno: mapped.errno, mapping: null };
    return { handler, errno: null, mapping: probe(mm, allocator, ring, mapped.vma) };
  } catch (error) {
    if (!(error instanceof StopMapping) || handed === null) throw error;
    return { handler: null, errno: null, mapping: stopped(mm, ring, handed) };
  }
}

/** What a handler stopped at PTE_CAP had mapped by then. */
function stopped(mm: ProbeMm, ring: RingBuffer, vma: Vma): MappingProbe {
  const pages = (vma.vm_end - vma.vm_start) / PAGE;
  return { pages, frames: null, ...outsideOf(mm, ring), stopped: true, after: null, flags: vmFlagNames(vma.vm_flags) };
}

function syscallMmap(mm: Mm, file: SimFile, input: MmapRequest) {
  return mmap(mm, 0, input.len, input.prot, input.flags, file, input.off);
}

/** mmap_region's VMA for the request, handed to the driver with no do_mmap checks before it (facts §4.1 step 3). */
function vmaLevelMmap(mm: Mm, file: SimFile, input: MmapRequest, driver: { mmap(f: SimFile, v: Vma): number }) {
  const pages = Number((input.len + BigInt(PAGE) - 1n) >> 12n);
  if (pages < 1 || pages > PROBE_PAGES) throw new Error("mmap-handler adapter: a VMA-level case maps 1..64 pages");
  const start = 0x7e0000000000;
  let flags = (input.prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
  if (input.flags === MAP_SHARED) flags |= VM_SHARED | VM_MAYSHARE;
  if (input.flags === MAP_SHARED && input.fd === "O_RDONLY") flags &= ~(VM_MAYWRITE | VM_SHARED);
  const vma: Vma = {
    vm_start: start,
    vm_end: start + pages * PAGE,
    vm_pgoff: Number(input.off >> 12n),
    vm_flags: flags,
    vm_page_prot: vmGetPageProt(flags),
    vm_file: file,
    vm_ops: null,
    vm_private_data: null,
    anonShared: null,
  };
  mm.insertVma(vma);
  bindVmaMm(vma, mm);
  const ret = driver.mmap(file, vma);
  if (ret !== 0) return { ok: false as const, errno: -ret };
  return { ok: true as const, vma };
}

const user = { fromUser: true, smap: true, ac: false, hasExtable: false };

function probe(mm: ProbeMm, allocator: PageAllocator, ring: RingBuffer, vma: Vma): MappingProbe {
  const start = vma.vm_start;
  const size = vma.vm_end - vma.vm_start;
  const pages = size / PAGE;
  const flags = vmFlagNames(vma.vm_flags);
  if (pages > PROBE_PAGES) return { pages, frames: null, ...outsideOf(mm, ring), stopped: false, after: null, flags };
  const frames: string[] = [];
  for (let i = 0; i < pages; i++) {
    const read = touchUser(mm, BigInt(start + i * PAGE), false, user);
    if (!read.ok) frames.push(read.outcome.kind === "sigbus" ? "SIGBUS" : "SIGSEGV");
    else frames.push(frameName(ring, mm.findPte(start + i * PAGE)?.pfn ?? -1));
  }
  const store = touchUser(mm, BigInt(start), true, user);
  const userWrite = store.ok ? "written" : store.outcome.kind === "sigbus" ? "SIGBUS" : "SIGSEGV";
  const mprotectWrite = mprotect(mm, start, size, PROT_READ | PROT_WRITE);
  const mprotectExec = mprotect(mm, start, size, PROT_READ | PROT_EXEC);
  const grown = mremap(mm, start, size, size + PAGE);
  munmap(mm, start, grown.ok ? size + PAGE : size);
  const refErrors = ring.pages.filter((p) => p.refcount !== 1).length + allocator.refcountBugs.length;
  const after: AfterProbe = {
    userWrite,
    mprotectWrite,
    mprotectExec,
    mremapGrow: grown.ok ? 0 : -grown.errno,
    refErrors,
  };
  // Counted after the reads: a handler that maps lazily (->fault) installs its PTEs only now.
  return { pages, frames, ...outsideOf(mm, ring), stopped: false, after, flags };
}

function outsideOf(mm: ProbeMm, ring: RingBuffer): { outside: number; firstOutside: string | null } {
  return {
    outside: mm.outside,
    firstOutside: mm.firstOutside === null ? null : describeFrame(ring.pfn - 2, mm.firstOutside),
  };
}

function frameName(ring: RingBuffer, pfn: number): string {
  return pfn >= ring.pfn && pfn < ring.pfn + BUF_PAGES ? `buf ${pfn - ring.pfn}` : describeFrame(ring.pfn - 2, pfn);
}

function handlerReturn(value: unknown): number {
  return requireReturnedNumber(value, {
    fn: "ringMmap",
    returning: "0 or -errno",
    mustReturn: "0 or a negative errno such as -EINVAL",
  });
}

function requireRequest(input: Record<string, unknown>): MmapRequest {
  const { len, off, prot, flags, fd, level } = input;
  const hex64 = (v: unknown, what: string): bigint => {
    if (!isHex64(v)) throw new Error(`mmap-handler adapter: ${what} must be 0x-hex`);
    return BigInt(v);
  };
  if (!isWholeNumber(prot, 0, 7)) throw new Error("mmap-handler adapter: bad prot");
  if (flags !== MAP_SHARED && flags !== MAP_PRIVATE) throw new Error("mmap-handler adapter: bad flags");
  if (fd !== "O_RDWR" && fd !== "O_RDONLY") throw new Error("mmap-handler adapter: bad fd");
  if (level !== "syscall" && level !== "vma") throw new Error("mmap-handler adapter: bad level");
  return { len: hex64(len, "len"), off: hex64(off, "off"), prot, flags, fd, level };
}
