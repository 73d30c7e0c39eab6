import type { KmapLocalRule, KmapMachine } from "@pagewise/sim";

// The reference emulator, written with nothing but what a learner has: the machine's numbers and the rules of
// mm/highmem.c since Linux 5.11 (kmap_local_idx_push/pop on current->kmap_ctrl, kmap_local_calc_idx, __fix_to_virt,
// kunmap_local_indexed's range check, __kmap_local_sched_out/in on a context switch).

export type MapResult = { ok: true; addr: number } | { ok: false; rule: KmapLocalRule };
export type UnmapResult = { ok: true } | { ok: false; rule: KmapLocalRule };

export interface KmapLocalEmulator {
  kmapLocalPage(cpu: number, pfn: number): MapResult;
  kunmapLocal(cpu: number, addr: number): UnmapResult;
  switchTo(cpu: number, task: number): void;
}

/** A fresh emulator for `machine`: CPU c runs task c, and no task has a slot mapped. */
export function createKmapLocal(machine: KmapMachine): KmapLocalEmulator {
  // The task each CPU runs, and each task's depth (current->kmap_ctrl.idx): its mappings are always slots
  // 0 .. depth-1 of the CPU it runs on, which it cannot leave while it has any (migrate_disable).
  const running: number[] = Array.from({ length: machine.nrCpus }, (_, cpu) => cpu);
  const depth = new Map<number, number>();
  const depthOn = (cpu: number) => depth.get(running[cpu] ?? -1) ?? 0;
  const setDepthOn = (cpu: number, d: number) => depth.set(running[cpu] ?? -1, d);
  // __fix_to_virt(FIX_KMAP_BEGIN + idx), idx = slot + KM_MAX_IDX * cpu: slots grow downwards from FIXADDR_TOP.
  const slotAddress = (cpu: number, slot: number) =>
    machine.fixaddrTop - (machine.fixKmapBegin + slot + machine.kmMaxIdx * cpu) * 4096;
  const highest = slotAddress(0, 0);
  const lowest = slotAddress(machine.nrCpus - 1, machine.kmMaxIdx - 1);

  return {
    kmapLocalPage(cpu, pfn) {
      // Lowmem is in the direct map already: no slot, no state.
      if (pfn < machine.maxLowPfn) return { ok: true, addr: machine.pageOffset + pfn * 4096 };
      const d = depthOn(cpu);
      // kmap_local_idx_push: idx += 1, then BUG_ON(idx >= KM_MAX_IDX).
      if (d + 1 >= machine.kmMaxIdx) return { ok: false, rule: "nesting-limit" };
      setDepthOn(cpu, d + 1);
      return { ok: true, addr: slotAddress(cpu, d) };
    },
    kunmapLocal(cpu, addr) {
      const page = addr - (addr % 4096);
      // Outside every CPU's slots there is nothing to unmap; a user address was never a kmap_local address.
      if (page < lowest || page > highest)
        return addr < machine.pageOffset ? { ok: false, rule: "unmap-user-address" } : { ok: true };
      const d = depthOn(cpu);
      if (d === 0) return { ok: false, rule: "unmap-empty" };
      if (page !== slotAddress(cpu, d - 1)) return { ok: false, rule: "unmap-order" };
      setDepthOn(cpu, d - 1);
      return { ok: true };
    },
    switchTo(cpu, task) {
      // The outgoing task keeps its depth (its PTEs are saved in kmap_ctrl); the incoming one brings its own.
      running[cpu] = task;
    },
  };
}
