import type { Page } from "../../../../../../sim/index";

// The ring machine's shape and the answer's, shared by the adapter (in the sandbox) and the spec: the ring's size,
// where its frames and neighbours sit, and what one mmap(2) call reports. No run-time imports: the adapter's bundle
// takes this file as it is.

/** The ring's size in pages (64 KB) and the page size. */
export const BUF_PAGES = 16;
export const PAGE = 4096;

/** One mmap(2) request, as the adapter reads a case's input (the spec's schema builds it; see spec-input.ts). */
export interface MmapRequest {
  len: bigint;
  off: bigint;
  prot: number;
  flags: number;
  fd: "O_RDWR" | "O_RDONLY";
  level: "syscall" | "vma";
}

/** What the learner's handler gets: the ring (file->private_data in C). Physically contiguous, 16 pages. */
export interface RingBuffer {
  readonly pfn: number;
  readonly nr_pages: number;
  readonly pages: readonly Page[];
}

/** The fixture's meta: where the machine's first frame is (the zero page); the ring starts 2 frames above. */
export interface RingMeta {
  base: number;
}

/** The frames around the ring, from the fixture's base. */
export function ringLayout(base: number) {
  return { zeroPage: base, credPage: base + 1, bufPfn: base + 2, nextPage: base + 2 + BUF_PAGES };
}

/** What one mmap(2) call gave the process. */
export interface MmapAnswer {
  /** What ringMmap returned, or null when do_mmap refused the call before reaching it. */
  handler: number | null;
  /** mmap(2)'s errno (positive), or null when it returned an address. */
  errno: number | null;
  mapping: MappingProbe | null;
}

export interface MappingProbe {
  pages: number;
  /** For mappings up to 64 pages, what a user read of each page finds: "buf 3", "frame 0x1234", "SIGBUS", "SIGSEGV". */
  frames: string[] | null;
  /** PTEs the handler installed for frames outside the ring, and the first of them ("frame 0x... (what)"). */
  outside: number;
  firstOutside: string | null;
  /** The handler was still installing PTEs after PTE_CAP of them and was stopped there (it never returned). */
  stopped: boolean;
  /** What the process can do with the mapping afterwards; probed for mappings up to 64 pages. */
  after: AfterProbe | null;
  /** vm_flags after the handler, for messages. */
  flags: string;
}

export interface AfterProbe {
  /** A user store to the mapping's first page: "SIGSEGV" for a read-only mapping, "written" if the PTE let it through. */
  userWrite: "written" | "SIGSEGV" | "SIGBUS";
  /** mprotect(PROT_READ|PROT_WRITE) and mprotect(PROT_READ|PROT_EXEC) on the mapping: 0 or -errno. */
  mprotectWrite: number;
  mprotectExec: number;
  /** mremap growing the mapping by one page in place: 0 when it grew, else -errno. */
  mremapGrow: number;
  /** After munmap: the ring's page references that are not back to 1 (leaks and extra puts), plus refcount bugs. */
  refErrors: number;
}

/** PTEs a handler may install in one case; a buggy one mapping 0xF0000000 bytes is stopped after these. */
export const PTE_CAP = 4096;

/** Kernel text sits at physical 16 MB (facts §2.2: mapped to physical 0 plus phys_base); 32 MB of it here. */
export const KERNEL_TEXT_PFN = 0x1000;
const KERNEL_TEXT_PAGES = 0x2000;

/** "frame 0x20001 (a page of struct cred)": a frame outside the ring, and what this machine keeps there. */
export function describeFrame(base: number, pfn: number): string {
  const at = ringLayout(base);
  const what =
    pfn === at.zeroPage
      ? " (the zero page)"
      : pfn === at.credPage
        ? " (a page of struct cred, just below the ring)"
        : pfn === at.nextPage
          ? " (another driver's page, just above the ring)"
          : pfn >= KERNEL_TEXT_PFN && pfn < KERNEL_TEXT_PFN + KERNEL_TEXT_PAGES
            ? " (kernel text)"
            : "";
  return `frame 0x${pfn.toString(16)}${what}`;
}
