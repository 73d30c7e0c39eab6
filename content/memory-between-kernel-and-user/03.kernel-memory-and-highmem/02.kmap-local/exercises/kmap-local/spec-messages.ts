import { KMAP_RULE_TEXT, KmapLocal, kmapSlotAddress, type KmapMachine } from "../../../../../../sim/index";
import type { KmapAnswer, KmapOp, OpAnswer } from "./adapter";
import { describeMachine, hex } from "./spec-ops";

// How a wrong answer is explained: the machine, the first operation whose answer differs (yours and the expected
// one), what the running task had mapped just before it, and a hint chosen by the kind of mistake.

function opText(op: KmapOp): string {
  if (op.op === "switch") return `switchTo(${op.cpu}, ${op.task})`;
  return op.op === "map"
    ? `kmap_local_page(pfn ${hex(op.pfn)}) on CPU ${op.cpu}`
    : `kunmap_local(${hex(op.addr)}) on CPU ${op.cpu}`;
}

export function answerText(a: OpAnswer): string {
  if (!a.ok) return `{ ok: false, rule: "${a.rule}" }`;
  return "addr" in a ? `{ ok: true, addr: ${hex(a.addr)} }` : "{ ok: true }";
}

function sameAnswer(a: OpAnswer, b: OpAnswer): boolean {
  return answerText(a) === answerText(b);
}

/** Whether two answers agree on every operation. */
export function isSameAnswer(expected: KmapAnswer, actual: KmapAnswer): boolean {
  return (
    expected.results.length === actual.results.length &&
    expected.results.every((e, i) => sameAnswer(e, actual.results[i] ?? e))
  );
}

/** The learner-facing message for the first operation that differs (undefined when every answer agrees). */
export function explainMismatch(
  m: KmapMachine,
  ops: KmapOp[],
  expected: KmapAnswer,
  actual: KmapAnswer,
): string | undefined {
  const i = expected.results.findIndex((e, j) => {
    const a = actual.results[j];
    return a === undefined || !sameAnswer(e, a);
  });
  if (i < 0)
    return actual.results.length === expected.results.length
      ? undefined
      : `${describeMachine(m)}: you returned ${actual.results.length} answers for ${ops.length} operations.`;
  const op = ops[i] as KmapOp;
  const want = expected.results[i] as OpAnswer;
  const got = actual.results[i] as OpAnswer;
  // sim's model replays the operations before this one, to say what the running task had mapped.
  const model = new KmapLocal(m);
  for (const before of ops.slice(0, i)) {
    if (before.op === "map") model.kmapLocalPage(before.cpu, before.pfn);
    else if (before.op === "unmap") model.kunmapLocal(before.cpu, before.addr);
    else model.switchTo(before.cpu, before.task);
  }
  const task = model.currentTask(op.cpu);
  const stack = model.mappings(op.cpu);
  const state =
    stack.length === 0
      ? `Task ${task}, running on CPU ${op.cpu}, had no slot mapped`
      : `Task ${task}, running on CPU ${op.cpu}, had ${stack.map((s) => `${hex(s.addr)} (pfn ${hex(s.pfn)})`).join(", ")} mapped, most recent last`;
  const head = `${describeMachine(m)}: operation ${i + 1} of ${ops.length}, ${opText(op)}: you returned ${answerText(got)}, expected ${answerText(want)}. ${state}.`;
  const switched = ops.slice(0, i).some((before) => before.op === "switch" && before.cpu === op.cpu);
  return `${head} Hint: ${hint(m, op, want, got, { task, depth: stack.length, switched })}`;
}

/** What a context switch leaves behind: the depth goes with the task, the addresses stay with the CPU. */
const AFTER_SWITCH =
  " This CPU switched tasks before: since Linux 5.11 the depth is the running task's own (current->kmap_ctrl.idx), saved and restored with its mappings on a context switch; only the slot addresses belong to the CPU.";

/** The running task just before the operation: who it is, its depth, whether its CPU switched tasks before. */
interface Running {
  task: number;
  depth: number;
  switched: boolean;
}

function hint(m: KmapMachine, op: KmapOp, want: OpAnswer, got: OpAnswer, { task, depth, switched }: Running): string {
  const afterSwitch = switched ? AFTER_SWITCH : "";
  if (op.op === "switch") return "A context switch answers nothing: switchTo returns nothing.";
  if (op.op === "map") {
    const idx = depth + m.kmMaxIdx * op.cpu;
    if (want.ok && "addr" in want && want.addr === m.pageOffset + op.pfn * 4096) {
      return `pfn ${hex(op.pfn)} is below max_low_pfn (${hex(m.maxLowPfn)}): a lowmem page is already in the direct map at PAGE_OFFSET + (pfn << 12) and takes no slot.`;
    }
    if (want.ok) {
      const base = `pfn ${hex(op.pfn)} is highmem (at or above max_low_pfn ${hex(m.maxLowPfn)}), so it gets the task's next slot: idx = depth + KM_MAX_IDX × cpu = ${depth} + ${m.kmMaxIdx} × ${op.cpu} = ${idx}, at FIXADDR_TOP - ((FIX_KMAP_BEGIN + idx) << 12) = ${hex(m.fixaddrTop)} - (${m.fixKmapBegin + idx} << 12) = ${hex(kmapSlotAddress(m, op.cpu, depth))}.`;
      return got.ok
        ? `${base} Slots grow downwards, one page per nesting level, and a task's depth is how many of its slots are still mapped.${afterSwitch}`
        : `${base} A task nests up to KM_MAX_IDX - 1 = ${m.kmMaxIdx - 1} mappings.${afterSwitch}`;
    }
    return `Task ${task} already has ${depth} slots mapped: kmap_local_idx_push makes current->kmap_ctrl.idx ${depth + 1}, and the kernel's ${KMAP_RULE_TEXT["nesting-limit"]} (KM_MAX_IDX is ${m.kmMaxIdx}). Answer { ok: false, rule: "nesting-limit" } and map nothing.${afterSwitch}`;
  }
  if (want.ok) {
    const page = op.addr - (op.addr % 4096);
    const inSlots = page >= kmapSlotAddress(m, m.nrCpus - 1, m.kmMaxIdx - 1) && page <= kmapSlotAddress(m, 0, 0);
    if (!got.ok && inSlots) {
      return op.addr % 4096 !== 0
        ? "kunmap_local takes any address inside the slot's page: compare addr & ~0xfff with the slot."
        : `${hex(op.addr)} is the most recent mapping of task ${task}, the one running on CPU ${op.cpu}: undo it.${afterSwitch}`;
    }
    return `${hex(op.addr)} is not a kmap_local slot (it is at or above PAGE_OFFSET), so there is nothing to unmap: a lowmem page's direct-map address needs no kunmap_local. Answer { ok: true } and change nothing.`;
  }
  const text = `The kernel's check: ${KMAP_RULE_TEXT[want.rule]}.`;
  switch (want.rule) {
    case "unmap-order":
      return `${text} A task's mappings are a stack: kunmap_local must undo the running task's most recent mapping first, and another CPU's slot is never its to unmap. Refuse, and leave the stack as it was.${afterSwitch}`;
    case "unmap-empty":
      return `${text} ${hex(op.addr)} lies among the kmap_local slots, but task ${task}, running on CPU ${op.cpu}, has nothing mapped.${afterSwitch}`;
    case "unmap-user-address":
      return `${text} ${hex(op.addr)} is below PAGE_OFFSET (${hex(m.pageOffset)}).`;
    default:
      return text;
  }
}
