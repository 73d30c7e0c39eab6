import type { KmapLocalRule, KmapMachine } from "@pagewise/sim";

// The reference emulator, written with nothing but what a learner has: the machine's numbers and the rules of
// mm/highmem.c (kmap_local_idx_push/pop, kmap_local_calc_idx, __fix_to_virt, kunmap_local_indexed's range check).

export type MapResult = { ok: true; addr: number } | { ok: false; rule: KmapLocalRule };
export type UnmapResult = { ok: true } | { ok: false; rule: KmapLocalRule };

export interface KmapLocalEmulator {
  kmapLocalPage(cpu: number, pfn: number): MapResult;
  kunmapLocal(cpu: number, addr: number): UnmapResult;
}

/** A fresh emulator for `machine`: every CPU starts with no slot mapped. */
export function createKmapLocal(machine: KmapMachine): KmapLocalEmulator {
  // depth[cpu]: how many of the CPU's slots are mapped (kmap_ctrl.idx); they are always slots 0 .. depth-1.
  const depth: number[] = Array.from({ length: machine.nrCpus }, () => 0);
  // __fix_to_virt(FIX_KMAP_BEGIN + idx), idx = slot + KM_MAX_IDX * cpu: slots grow downwards from FIXADDR_TOP.
  const slotAddress = (cpu: number, slot: number) =>
    machine.fixaddrTop - (machine.fixKmapBegin + slot + machine.kmMaxIdx * cpu) * 4096;
  const highest = slotAddress(0, 0);
  const lowest = slotAddress(machine.nrCpus - 1, machine.kmMaxIdx - 1);

  return {
    kmapLocalPage(cpu, pfn) {
      // Lowmem is in the direct map already: no slot, no state.
      if (pfn < machine.maxLowPfn) return { ok: true, addr: machine.pageOffset + pfn * 4096 };
      const d = depth[cpu] ?? 0;
      if (d >= machine.kmMaxIdx) return { ok: false, rule: "nesting-limit" };
      depth[cpu] = d + 1;
      return { ok: true, addr: slotAddress(cpu, d) };
    },
    kunmapLocal(cpu, addr) {
      const page = addr - (addr % 4096);
      // Outside every CPU's slots there is nothing to unmap; a user address was never a kmap_local address.
      if (page < lowest || page > highest)
        return addr < machine.pageOffset ? { ok: false, rule: "unmap-user-address" } : { ok: true };
      const d = depth[cpu] ?? 0;
      if (d === 0) return { ok: false, rule: "unmap-empty" };
      if (page !== slotAddress(cpu, d - 1)) return { ok: false, rule: "unmap-order" };
      depth[cpu] = d - 1;
      return { ok: true };
    },
  };
}
