import type { Page } from "../../../../../../sim/index";

// A case of mmap-fault is a script: what a process (and, after fork, its child) does with /dev/ring, one step at a
// time. Shared by the adapter (in the sandbox: no run-time imports here) and the spec.

export const BUF_PAGES = 16;
export const PAGE = 4096;

/** The ring the learner's driver shares: 16 pages, and the count of VMAs mapping it that the driver keeps. */
export interface FaultRing {
  readonly nr_pages: number;
  readonly pages: readonly Page[];
  map_count: number;
}

export type Who = "parent" | "child";

/** One step. Pages are counted from the start of the process's mapping (made by the script's first mmap). */
export type Step =
  | { op: "mmap"; pages: number; pgoff: number; write?: boolean; private?: boolean; rdonly?: boolean }
  | { op: "touch"; who: Who; page: number; write?: boolean }
  | { op: "munmap"; who: Who; page: number; pages: number }
  | { op: "mremap"; who: Who; pages: number }
  | { op: "mprotect-write"; who: Who }
  | { op: "fork" }
  | { op: "exit"; who: Who }
  | { op: "close-fd" }
  /** Calls the mapping's ->fault directly for a page offset, as a VMA grown past the ring would (B11). */
  | { op: "fault"; pgoff: number };

export interface Script {
  steps: Step[];
}

/** What the machine looked like after one step. */
export interface StepResult {
  /** "ok", "-EINVAL", "buf 3" (a read found ring page 3), "SIGBUS", "SIGSEGV", "oops", "VM_FAULT_SIGBUS", "0 with a page (buf 3)" ... */
  result: string;
  /** The 16 ring pages' reference counts, space-separated (1 = only the driver's own). */
  refs: string;
  /** ring.map_count as the learner's driver keeps it. */
  mapCount: number;
  /** Reference-count misuse the page allocator saw so far (get_page on a freed page, put_page below 0). */
  refBugs: number;
}

export interface ScriptAnswer {
  steps: StepResult[];
}

export function describeStep(step: Step): string {
  switch (step.op) {
    case "mmap": {
      const prot = step.write === true ? "PROT_READ|PROT_WRITE" : "PROT_READ";
      const flags = step.private === true ? "MAP_PRIVATE" : "MAP_SHARED";
      return `mmap(${step.pages} page${step.pages === 1 ? "" : "s"}, ${prot}, ${flags}, offset ${step.pgoff} page${step.pgoff === 1 ? "" : "s"}) on an ${step.rdonly === true ? "O_RDONLY" : "O_RDWR"} fd`;
    }
    case "touch":
      return `the ${step.who} ${step.write === true ? "writes" : "reads"} page ${step.page} of its mapping`;
    case "munmap":
      return `the ${step.who} unmaps ${step.pages} page${step.pages === 1 ? "" : "s"} from page ${step.page} of its mapping`;
    case "mremap":
      return `the ${step.who} grows its mapping in place to ${step.pages} pages (mremap)`;
    case "mprotect-write":
      return `the ${step.who} calls mprotect(PROT_READ|PROT_WRITE) on its mapping`;
    case "fork":
      return "the process forks";
    case "exit":
      return `the ${step.who} exits`;
    case "close-fd":
      return "the process closes its fd";
    case "fault":
      return `->fault is called for vmf->pgoff ${step.pgoff}`;
  }
}
