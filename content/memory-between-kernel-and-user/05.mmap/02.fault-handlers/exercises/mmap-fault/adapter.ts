import type { FixtureWire } from "../../../../../../contract/exercise";
import { isRecord, isWholeNumber } from "../../../../../kit/adapter-values";
import { defineAdapter } from "../../../../../kit/define-adapter";
import {
  alloc_pages,
  errnoName,
  exit_mmap,
  fork,
  fput,
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
  PROT_READ,
  PROT_WRITE,
  touchUser,
  VM_FAULT_SIGBUS,
  type Page,
  type SimFile,
  type Vma,
  type VmFault,
} from "../../../../../../sim/index";
import {
  BUF_PAGES,
  PAGE,
  type FaultRing,
  type Script,
  type ScriptAnswer,
  type Step,
  type StepResult,
  type Who,
} from "./spec-script";

// Runs in the sandbox beside the learner's code: for every case a fresh machine with the 16-page ring, a process
// that opens /dev/ring, and the case's script run step by step through sim's real mmap, page-fault handler, munmap,
// mremap, fork and exit, with the learner's ringMmap as the driver's ->mmap. After every step it records the ring's
// page references and the learner's map_count.

type RingMmap = (ring: FaultRing, vma: Vma) => unknown;

class Ring implements FaultRing {
  map_count = 0;
  constructor(
    readonly nr_pages: number,
    readonly pages: readonly Page[],
  ) {}
}

/** The machine's place in physical memory: its zero page's frame, the ring right above it. */
function prepare(fixture: FixtureWire): number {
  const base = fixture.meta.base;
  if (!isWholeNumber(base, 0x100, 0xfffff))
    throw new Error("mmap-fault adapter: fixture meta needs a base frame number");
  return base;
}

/** The ring's machine: the zero page at `base`, the 16 ring frames right above it. */
export function buildRing(base: number): { allocator: PageAllocator; ring: Ring } {
  const allocator = new PageAllocator(new PhysicalMemory(), base);
  const pages = alloc_pages(allocator, 4);
  return { allocator, ring: new Ring(BUF_PAGES, Object.freeze([...pages])) };
}

const user = { fromUser: true, smap: true, ac: false, hasExtable: false };

/** Runs one script; throws a learner-readable Error for a driver that breaks the rules of the API. */
function call(ringMmap: RingMmap, base: number, input: Record<string, unknown>): ScriptAnswer {
  const script = requireScript(input);
  const { allocator, ring } = buildRing(base);
  const procs: Record<Who, Mm | null> = { parent: new Mm(allocator), child: null };
  let file: SimFile | null = null;
  let fdOpen = false;
  let start = 0;
  const results: StepResult[] = [];
  const runStep = (step: Step): string => {
    if (step.op === "mmap") {
      const parent = procs.parent;
      if (parent === null || file !== null) return "no second mmap";
      const driver = { name: "ring", mmap: (_f: SimFile, vma: Vma) => handlerReturn(ringMmap(ring, vma)) };
      file = openDevice(parent, driver, { read: true, write: step.rdonly !== true });
      fdOpen = true;
      const prot = PROT_READ | (step.write === true ? PROT_WRITE : 0);
      const r = mmap(
        parent,
        0,
        step.pages * PAGE,
        prot,
        step.private === true ? MAP_PRIVATE : MAP_SHARED,
        file,
        step.pgoff * PAGE,
      );
      if (!r.ok) return `-${errnoName(r.errno)}`;
      start = r.addr;
      return "ok";
    }
    if (step.op === "fork") {
      if (procs.parent === null || procs.child !== null) return "no fork";
      procs.child = fork(procs.parent);
      return "ok";
    }
    if (step.op === "close-fd") {
      if (file === null || !fdOpen) return "no fd";
      fdOpen = false;
      fput(file);
      return "ok";
    }
    if (step.op === "fault") return directFault(procs.parent, start, step.pgoff, ring);
    const mm = procs[step.who];
    if (mm === null) return `no ${step.who}`;
    if (step.op === "exit") {
      exit_mmap(mm);
      procs[step.who] = null;
      if (step.who === "parent" && file !== null && fdOpen) {
        fdOpen = false;
        fput(file);
      }
      return "ok";
    }
    if (step.op === "touch") return touch(mm, start + step.page * PAGE, step.write === true, ring);
    const vma = mm.findVma(start);
    if (step.op === "munmap") return rc(munmap(mm, start + step.page * PAGE, step.pages * PAGE));
    if (vma === null) return "no mapping";
    if (step.op === "mremap") {
      const r = mremap(mm, start, vma.vm_end - start, step.pages * PAGE);
      return r.ok ? "ok" : `-${errnoName(r.errno)}`;
    }
    return rc(mprotect(mm, start, vma.vm_end - start, PROT_READ | PROT_WRITE));
  };
  for (const step of script.steps) {
    const result = runStep(step);
    if (!Number.isSafeInteger(ring.map_count))
      throw new Error(`ring.map_count must stay a whole number, got ${String(ring.map_count)}`);
    results.push({
      result,
      refs: ring.pages.map((p) => p.refcount).join(" "),
      mapCount: ring.map_count,
      refBugs: allocator.refcountBugs.length,
    });
  }
  return { steps: results };
}

export const adapter = defineAdapter({ prepare, call });

function rc(value: number): string {
  return value === 0 ? "ok" : `-${errnoName(value)}`;
}

function frameName(ring: FaultRing, pfn: number): string {
  const first = ring.pages[0]?.pfn ?? 0;
  return pfn >= first && pfn < first + BUF_PAGES ? `buf ${pfn - first}` : `frame 0x${pfn.toString(16)}`;
}

/** One user access; the learner's ->fault runs inside it when the page is not mapped yet. */
function touch(mm: Mm, addr: number, write: boolean, ring: FaultRing): string {
  let access;
  try {
    access = touchUser(mm, BigInt(addr), write, user);
  } catch (error) {
    return `threw ${describeError(error)}`;
  }
  if (!access.ok)
    return access.outcome.kind === "sigbus"
      ? "SIGBUS"
      : access.outcome.kind === "sigsegv"
        ? "SIGSEGV"
        : access.outcome.kind;
  return frameName(ring, mm.findPte(addr)?.pfn ?? -1);
}

/** ->fault called directly at `pgoff`, as for a VMA grown past the ring; a page it returns is handed back. */
function directFault(mm: Mm | null, start: number, pgoff: number, ring: FaultRing): string {
  const vma = mm?.findVma(start) ?? null;
  const fault = vma?.vm_ops?.fault;
  if (vma === null || fault === undefined) return "no ->fault";
  const vmf: VmFault = { vma, address: vma.vm_start, pgoff, write: false, page: null };
  let ret: number;
  try {
    ret = fault(vmf);
  } catch (error) {
    return `threw ${describeError(error)}`;
  }
  if ((ret & VM_FAULT_SIGBUS) !== 0) return "VM_FAULT_SIGBUS";
  const page = vmf.page;
  return page === null ? `${ret} with vmf->page NULL` : `${ret} with a page (${frameName(ring, page.pfn)})`;
}

function handlerReturn(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new Error(
      `ringMmap must return 0 or a negative errno such as -EINVAL, got ${typeof value === "bigint" ? `${value}n` : String(value)}`,
    );
  }
  return value;
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

const OPS = new Set(["mmap", "touch", "munmap", "mremap", "mprotect-write", "fork", "exit", "close-fd", "fault"]);

/** The script of a case; the host built it with the spec's schema, so a bad one is a grader bug. */
function requireScript(input: Record<string, unknown>): Script {
  const steps = input.steps;
  if (!Array.isArray(steps) || steps.length === 0 || steps.length > 40)
    throw new Error("mmap-fault adapter: a script has 1..40 steps");
  const out: Step[] = [];
  for (const raw of steps) {
    if (!isRecord(raw) || typeof raw.op !== "string" || !OPS.has(raw.op))
      throw new Error("mmap-fault adapter: bad step");
    const s = raw;
    const num = (k: string, max: number): number => {
      const v = s[k];
      if (!isWholeNumber(v, 0, max)) throw new Error(`mmap-fault adapter: bad ${k}`);
      return v;
    };
    const who = (): Who => {
      if (s.who !== "parent" && s.who !== "child") throw new Error("mmap-fault adapter: bad who");
      return s.who;
    };
    const flag = (k: string): boolean => s[k] === true;
    switch (raw.op) {
      case "mmap":
        out.push({
          op: "mmap",
          pages: num("pages", 64),
          pgoff: num("pgoff", 2 ** 40),
          write: flag("write"),
          private: flag("private"),
          rdonly: flag("rdonly"),
        });
        break;
      case "touch":
        out.push({ op: "touch", who: who(), page: num("page", 64), write: flag("write") });
        break;
      case "munmap":
        out.push({ op: "munmap", who: who(), page: num("page", 64), pages: num("pages", 64) });
        break;
      case "mremap":
        out.push({ op: "mremap", who: who(), pages: num("pages", 64) });
        break;
      case "mprotect-write":
        out.push({ op: "mprotect-write", who: who() });
        break;
      case "exit":
        out.push({ op: "exit", who: who() });
        break;
      case "fault":
        out.push({ op: "fault", pgoff: num("pgoff", 2 ** 40) });
        break;
      default:
        out.push({ op: raw.op === "fork" ? "fork" : "close-fd" });
    }
  }
  return { steps: out };
}
