import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng, type KmapMachine, type Rng } from "../../../../../../sim/index";
import type { KmapOp } from "./adapter";
import { checkGroup } from "./spec";
import { LESSON_MACHINE, machine, randomMachine, randomOps, Script } from "./spec-ops";

// Server only: the edge cases of facts §5 E7 (out-of-order unmap, nesting beyond the limit, lowmem pages taking no
// slot, depth per task across context switches) and of kunmap_local_indexed's other checks, each in its own check,
// two CPUs at once, other machines, and a differential check on a fresh machine per submission.

type Case = { machine: KmapMachine; ops: KmapOp[] };

/** A machine for a hidden check: the lesson's, or one drawn from the seed. */
function machines(rng: Rng): KmapMachine[] {
  return [LESSON_MACHINE, randomMachine(rng.fork("a")), randomMachine(rng.fork("b"))];
}

function outOfOrder(rng: Rng): CheckGroup {
  const cases = machines(rng).flatMap((m): Case[] => {
    const c = m.nrCpus - 1;
    const first = new Script(m).map(c, m.maxLowPfn).map(c, m.maxLowPfn + 1);
    // The older mapping first: refused, then the right order still works.
    first.unmap(c, first.slot(c, 0)).unmapTop(c).unmapTop(c);
    const deep = new Script(m);
    for (let i = 0; i < 5; i++) deep.map(0, deep.highPfn(rng));
    deep
      .unmap(0, deep.slot(0, 2))
      .unmap(0, deep.slot(0, 0) + 0x123)
      .unwind(0)
      .unmap(0, deep.slot(0, 0));
    return [
      { machine: m, ops: first.ops },
      { machine: m, ops: deep.ops },
    ];
  });
  return checkGroup(
    "Out-of-order kunmap_local is refused (the kernel WARNs) and leaves the stack as it was",
    1,
    "hidden",
    cases,
  );
}

function nestingLimit(rng: Rng): CheckGroup {
  const cases = machines(rng).map((m): Case => {
    const s = new Script(m);
    const c = rng.int(0, m.nrCpus - 1);
    for (let i = 0; i < m.kmMaxIdx - 1; i++) s.map(c, s.highPfn(rng));
    // kmap_local_idx_push: idx += 1, then BUG_ON(idx >= KM_MAX_IDX). The 16th is refused, lowmem still works, and
    // after one unmap there is room for exactly one more.
    s.map(c, s.highPfn(rng)).map(c, s.lowPfn(rng)).unmapTop(c).map(c, s.highPfn(rng)).map(c, s.highPfn(rng));
    return { machine: m, ops: s.unwind(c).ops };
  });
  return checkGroup(
    "A task's 16th nested mapping is refused: kmap_local_idx_push BUGs once the depth reaches KM_MAX_IDX (16)",
    1,
    "hidden",
    cases,
  );
}

function contextSwitches(rng: Rng): CheckGroup {
  const cases = machines(rng).flatMap((m): Case[] => {
    const last = m.nrCpus - 1;
    const spare = m.nrCpus + 1;
    // Task `last` is preempted with two mappings; the next task starts from its own depth, 0, so it gets the very
    // addresses the first one holds, cannot unmap them, and the first finds its stack intact when it comes back.
    const preempted = new Script(m)
      .map(last, firstHigh(m))
      .map(last, firstHigh(m) + 1)
      .switchTo(last, spare);
    preempted
      .unmap(last, preempted.slot(last, 1))
      .unmap(last, preempted.slot(last, 0))
      .map(last, firstHigh(m) + 2)
      .map(last, firstHigh(m) + 3)
      .unmap(last, preempted.slot(last, 0))
      .unwind(last)
      .switchTo(last, last)
      .map(last, firstHigh(m) + 4)
      .unwind(last);
    // The limit is per task: a full task preempted on CPU 0 leaves room for a second task's 15.
    const full = new Script(m);
    for (let i = 0; i < m.kmMaxIdx - 1; i++) full.map(0, full.highPfn(rng));
    full.switchTo(0, spare + 1);
    for (let i = 0; i < m.kmMaxIdx; i++) full.map(0, full.highPfn(rng));
    full.unwind(0).switchTo(0, 0).map(0, full.highPfn(rng)).unmapTop(0).unmapTop(0);
    // A task with no mapping left may run on another CPU; there its slots are that CPU's.
    const moved = new Script(m).map(0, firstHigh(m)).unwind(0).switchTo(0, spare);
    if (m.nrCpus > 1)
      moved
        .switchTo(1, 0)
        .map(1, firstHigh(m) + 1)
        .map(1, firstHigh(m) + 2)
        .switchTo(1, 1)
        .map(1, firstHigh(m) + 3);
    return [
      { machine: m, ops: preempted.ops },
      { machine: m, ops: full.ops },
      { machine: m, ops: moved.ops },
    ];
  });
  return checkGroup(
    "Context switches: the depth belongs to the task (current->kmap_ctrl), the slot addresses to the CPU",
    1,
    "hidden",
    cases,
  );
}

/** The first highmem frame of `m`. */
function firstHigh(m: KmapMachine): number {
  return m.maxLowPfn;
}

function lowmemNoSlot(rng: Rng): CheckGroup {
  const cases = machines(rng).map((m): Case => {
    const s = new Script(m);
    // The first and last lowmem frames, the first highmem frame, lowmem pages between highmem ones.
    s.map(0, 0)
      .map(0, m.maxLowPfn - 1)
      .map(0, m.maxLowPfn)
      .map(0, s.lowPfn(rng))
      .map(0, m.maxPfn - 1);
    s.unmap(0, m.pageOffset)
      .unmap(0, m.pageOffset + (m.maxLowPfn - 1) * 4096 + 0xfff)
      .unwind(0);
    for (let i = 0; i < m.kmMaxIdx + 4; i++) s.map(0, s.lowPfn(rng));
    s.map(0, s.highPfn(rng)).unwind(0);
    return { machine: m, ops: s.ops };
  });
  return checkGroup("Lowmem pages return their direct-map address and consume no slot", 1, "hidden", cases);
}

function twoCpus(rng: Rng): CheckGroup {
  const cases = [machine({ nrCpus: 2 }), machine({ nrCpus: 3, fixKmapBegin: 4 }), LESSON_MACHINE].map((m): Case => {
    const s = new Script(m);
    s.map(0, s.highPfn(rng)).map(1, s.highPfn(rng)).map(0, s.highPfn(rng)).map(1, s.highPfn(rng));
    // CPU 1 unmaps CPU 0's top: refused on CPU 1; then each CPU unwinds its own stack, interleaved.
    s.unmap(1, s.slot(0, 1)).unmap(0, s.slot(1, 1)).unmapTop(1).unmapTop(0).map(1, s.highPfn(rng));
    // CPU 0's task reaches its limit (the last map is refused); CPU 1's still maps.
    for (let i = 0; i < m.kmMaxIdx; i++) s.map(0, s.highPfn(rng));
    s.map(1, s.highPfn(rng)).map(0, s.highPfn(rng)).unwind(1).unwind(0);
    return { machine: m, ops: s.ops };
  });
  return checkGroup("Two CPUs are independent: their own slots, their own order, their own limit", 1, "hidden", cases);
}

function otherUnmaps(rng: Rng): CheckGroup {
  const cases = machines(rng).map((m): Case => {
    const s = new Script(m);
    s.unmap(0, s.slot(0, 0))
      .unmap(0, 0x08048000)
      .unmap(0, 0)
      .unmap(0, m.pageOffset - 1);
    s.map(0, s.highPfn(rng)).unmapTop(0, 0xfff).unmap(0, s.slot(0, 0));
    // The last CPU's deepest mapping, unmapped with an offset; its slot KM_MAX_IDX - 1, never mapped but still
    // among the slots (out of order); a vmalloc-like address above lowmem needs no unmap.
    const last = m.nrCpus - 1;
    for (let i = 0; i < m.kmMaxIdx - 1; i++) s.map(last, s.highPfn(rng));
    s.unmapTop(last, 0x800)
      .unmap(last, s.slot(last, m.kmMaxIdx - 1) + 0x10)
      .unmap(last, m.pageOffset + m.maxLowPfn * 4096 + 0x800000)
      .unwind(last);
    return { machine: m, ops: s.ops };
  });
  return checkGroup("kunmap_local with nothing mapped, of a user address, or inside a slot's page", 1, "hidden", cases);
}

function otherMachines(rng: Rng): CheckGroup {
  const choices = [
    machine({ pageOffset: 0x80000000, ramMb: 4096, nrCpus: 1 }),
    machine({ pageOffset: 0x40000000, ramMb: 8192, pae: true, fixKmapBegin: 69 }),
    machine({ ramMb: 1024, vmallocMb: 256, fixKmapBegin: 5, nrCpus: 3 }),
    machine({ pageOffset: 0x78000000, ramMb: 3072, nrCpus: 2 }),
  ];
  const cases = choices.map((m, i) => ({ machine: m, ops: randomOps(rng.fork(`machine ${i}`), m, 40) }));
  return checkGroup(
    "Other machines: split, RAM, PAE, CPU count and FIX_KMAP_BEGIN come from the machine",
    1,
    "hidden",
    cases,
  );
}

function freshDifferential(seed: string): CheckGroup {
  const rng = createRng(`kmap-local hidden differential:${seed}`);
  const m = randomMachine(rng.fork("machine"));
  const cases = Array.from({ length: 30 }, (_, i) => ({ machine: m, ops: randomOps(rng.fork(`ops ${i}`), m, 60) }));
  return checkGroup("Differential: 30 random sequences of 60 operations on a fresh machine", 1, "hidden", cases);
}

/** The hidden checks for one submission: fixed edge cases (with seeded pages), then the fresh-seed differential. */
export function hiddenChecks(seed: string): CheckGroup[] {
  const rng = createRng(`kmap-local hidden:${seed}`);
  return [
    outOfOrder(rng.fork("order")),
    nestingLimit(rng.fork("nesting")),
    contextSwitches(rng.fork("switches")),
    lowmemNoSlot(rng.fork("lowmem")),
    twoCpus(rng.fork("cpus")),
    otherUnmaps(rng.fork("unmaps")),
    otherMachines(rng.fork("machines")),
    freshDifferential(seed),
  ];
}
