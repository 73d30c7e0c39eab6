import { describeStep, type ScriptAnswer, type Step, type StepResult } from "./spec-script";

// How a wrong script run is explained: the most serious difference (a step's result, a refcount bug, a page's
// reference count, map_count) at the first step where it shows, and the bug that usually causes it.

/** True when every step gave the same result, references, map_count and refcount-bug count. */
export function isSameRun(expected: ScriptAnswer, actual: ScriptAnswer): boolean {
  return JSON.stringify(expected.steps) === JSON.stringify(actual.steps);
}

type Field = "result" | "refBugs" | "refs" | "mapCount";
/** What is reported first: a wrong result (data, SIGBUS, an errno), then refcount bugs, references, the VMA count. */
const PRIORITY: readonly Field[] = ["result", "refBugs", "refs", "mapCount"];

/** The learner-facing message: the most serious kind of difference, at the first step where it shows. */
export function explainRun(steps: Step[], expected: ScriptAnswer, actual: ScriptAnswer): string {
  if (expected.steps.length !== actual.steps.length) return "Your driver's run has a different number of steps.";
  for (const field of PRIORITY) {
    const i = expected.steps.findIndex((e, k) => e[field] !== actual.steps[k]?.[field]);
    const e = expected.steps[i];
    const a = actual.steps[i];
    const step = steps[i];
    if (i < 0 || e === undefined || a === undefined || step === undefined) continue;
    return explainStep(i, steps, step, field, e, a);
  }
  return "Your driver's run differs from the reference.";
}

function explainStep(i: number, steps: Step[], step: Step, field: Field, e: StepResult, a: StepResult): string {
  const before = steps.slice(0, i).map(describeStep);
  const head = `Step ${i + 1}, ${describeStep(step)}${before.length > 0 ? ` (after: ${before.join("; ")})` : ""}`;
  if (field === "result")
    return `${head}: you got ${a.result}, expected ${e.result}.${resultHint(step, e.result, a.result)}`;
  if (field === "refBugs") {
    return `${head}: the page allocator saw ${a.refBugs} reference-count bug${a.refBugs === 1 ? "" : "s"} (a put_page below zero or a get_page on a freed page). Every page your ->fault hands to the core needs a get_page() first: munmap drops one reference per PTE (B12).`;
  }
  if (field === "refs") return `${head}: ${refsText(e.refs, a.refs)}`;
  return `${head}: ring.map_count is ${a.mapCount}, expected ${e.mapCount}. ${mapCountHint(step)}`;
}

function resultHint(step: Step, expected: string, actual: string): string {
  if (step.op === "fault" && expected === "VM_FAULT_SIGBUS") {
    return " vmf->pgoff is past the ring: check it against ring.nr_pages before anything else and return VM_FAULT_SIGBUS, so the process gets SIGBUS instead of a wild page or a NULL dereference (B11).";
  }
  if (step.op === "mremap" && expected === "-EFAULT") {
    return " Without VM_DONTEXPAND mremap can grow the VMA past the ring, and the new pages fault into your handler with vmf->pgoff >= 16: vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP) in ->mmap.";
  }
  if (actual.startsWith("oops"))
    return " The core found vmf->page NULL after your ->fault returned 0: past the ring, return VM_FAULT_SIGBUS instead (B11).";
  if (actual.startsWith("threw")) return " Your ->fault threw: check vmf->pgoff against ring.nr_pages first.";
  if (step.op === "touch" && expected.startsWith("buf") && actual.startsWith("buf")) {
    return " vmf->pgoff already is the ring page (vm_pgoff plus the page's index in the VMA): use it as it is.";
  }
  if (step.op === "mmap")
    return " ->mmap validates exactly as in mmap-handler: VM_MAYSHARE, no VM_WRITE/VM_EXEC, pages inside the ring.";
  if (step.op === "mprotect-write")
    return " Clear VM_MAYWRITE (and VM_MAYEXEC) in ->mmap so that mprotect cannot make the ring writable.";
  return "";
}

function refsText(expected: string, actual: string): string {
  const e = expected.split(" ").map(Number);
  const a = actual.split(" ").map(Number);
  const p = e.findIndex((v, k) => v !== a[k]);
  const mine = a[p] ?? 0;
  const want = e[p] ?? 0;
  const why =
    mine < want
      ? mine === 0
        ? " It has been freed while the driver still owns it (and maybe while still mapped): a use-after-free of physical memory. Take a reference with get_page() for every page ->fault returns (B12)."
        : " Each PTE holds a reference of its own: ->fault must get_page() the page it returns (B12)."
      : " A reference too many: take exactly one per page ->fault returns, and do not get_page() in ->mmap or ->open.";
  return `ring page ${p} has ${mine} reference${mine === 1 ? "" : "s"}, expected ${want}.${why}`;
}

function mapCountHint(step: Step): string {
  if (step.op === "mmap") return "->mmap is not followed by ->open: count the first VMA in ->mmap itself.";
  if (step.op === "munmap")
    return "munmap in the middle of a VMA splits it, and the new piece gets ->open; each VMA that goes gets ->close.";
  if (step.op === "fork") return "fork copies each VMA and calls ->open on the copy.";
  if (step.op === "exit") return "exit unmaps everything: ->close runs for each of the process's VMAs.";
  return "->open counts every new VMA, ->close every VMA that goes away.";
}
