import type { ExerciseSecrets } from "../contract/exercise";
import { hiddenChecks as classifyAddressHidden } from "../content/memory-between-kernel-and-user/01.address-spaces/01.virtual-address-spaces/exercises/classify-address/hidden";
import * as classifyAddressSolution from "../content/memory-between-kernel-and-user/01.address-spaces/01.virtual-address-spaces/exercises/classify-address/solution";
import { hiddenChecks as walk32Hidden } from "../content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32/hidden";
import * as walk32Solution from "../content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32/solution";
import { hiddenChecks as walk64Hidden } from "../content/memory-between-kernel-and-user/02.paging/02.four-level-paging/exercises/walk-64/hidden";
import * as walk64Solution from "../content/memory-between-kernel-and-user/02.paging/02.four-level-paging/exercises/walk-64/solution";
import { hiddenChecks as pageDirectoryMapHidden } from "../content/memory-between-kernel-and-user/02.paging/03.page-directory-map/exercises/page-directory-map/hidden";
import * as pageDirectoryMapSolution from "../content/memory-between-kernel-and-user/02.paging/03.page-directory-map/exercises/page-directory-map/solution";
import { hiddenChecks as layoutI386Hidden } from "../content/memory-between-kernel-and-user/03.kernel-memory-and-highmem/01.lowmem-and-highmem/exercises/layout-i386/hidden";
import * as layoutI386Solution from "../content/memory-between-kernel-and-user/03.kernel-memory-and-highmem/01.lowmem-and-highmem/exercises/layout-i386/solution";
import { hiddenChecks as kmapLocalHidden } from "../content/memory-between-kernel-and-user/03.kernel-memory-and-highmem/02.kmap-local/exercises/kmap-local/hidden";
import * as kmapLocalSolution from "../content/memory-between-kernel-and-user/03.kernel-memory-and-highmem/02.kmap-local/exercises/kmap-local/solution";
import { hiddenChecks as copyFromUserHidden } from "../content/memory-between-kernel-and-user/04.crossing-the-boundary/01.copy-from-user/exercises/copy-from-user/hidden";
import * as copyFromUserSolution from "../content/memory-between-kernel-and-user/04.crossing-the-boundary/01.copy-from-user/exercises/copy-from-user/solution";
import { hiddenChecks as readSyscallHidden } from "../content/memory-between-kernel-and-user/04.crossing-the-boundary/02.read-syscall/exercises/read-syscall/hidden";
import * as readSyscallSolution from "../content/memory-between-kernel-and-user/04.crossing-the-boundary/02.read-syscall/exercises/read-syscall/solution";
import { hiddenChecks as mmapHandlerHidden } from "../content/memory-between-kernel-and-user/05.mmap/01.mmap-handlers/exercises/mmap-handler/hidden";
import * as mmapHandlerSolution from "../content/memory-between-kernel-and-user/05.mmap/01.mmap-handlers/exercises/mmap-handler/solution";
import { hiddenChecks as mmapFaultHidden } from "../content/memory-between-kernel-and-user/05.mmap/02.fault-handlers/exercises/mmap-fault/hidden";
import * as mmapFaultSolution from "../content/memory-between-kernel-and-user/05.mmap/02.fault-handlers/exercises/mmap-fault/solution";
import { hiddenChecks as sampleRingHidden } from "../content/memory-between-kernel-and-user/05.mmap/03.sample-ring/exercises/sample-ring/hidden";
import * as sampleRingSolution from "../content/memory-between-kernel-and-user/05.mmap/03.sample-ring/exercises/sample-ring/solution";
import { hiddenChecks as findTheOverflowHidden } from "../content/memory-between-kernel-and-user/06.exploitation-and-defence/01.attacking-mmap-handlers/exercises/find-the-overflow/hidden";
import * as findTheOverflowSolution from "../content/memory-between-kernel-and-user/06.exploitation-and-defence/01.attacking-mmap-handlers/exercises/find-the-overflow/solution";

// Server only: every exercise's reference solution and hidden checks, by exercise id (the keys of
// content/catalog.ts). Only the grader imports this file; nothing here may reach the browser.

export const exerciseSecrets: Readonly<Record<string, ExerciseSecrets>> = {
  "classify-address": { solution: { ...classifyAddressSolution }, hiddenChecks: classifyAddressHidden },
  "walk-32": { solution: { ...walk32Solution }, hiddenChecks: walk32Hidden },
  "walk-64": { solution: { ...walk64Solution }, hiddenChecks: walk64Hidden },
  "page-directory-map": { solution: { ...pageDirectoryMapSolution }, hiddenChecks: pageDirectoryMapHidden },
  "layout-i386": { solution: { ...layoutI386Solution }, hiddenChecks: layoutI386Hidden },
  "kmap-local": { solution: { ...kmapLocalSolution }, hiddenChecks: kmapLocalHidden },
  "copy-from-user": { solution: { ...copyFromUserSolution }, hiddenChecks: copyFromUserHidden },
  "read-syscall": { solution: { ...readSyscallSolution }, hiddenChecks: readSyscallHidden },
  "mmap-handler": { solution: { ...mmapHandlerSolution }, hiddenChecks: mmapHandlerHidden },
  "mmap-fault": { solution: { ...mmapFaultSolution }, hiddenChecks: mmapFaultHidden },
  "sample-ring": { solution: { ...sampleRingSolution }, hiddenChecks: sampleRingHidden },
  "find-the-overflow": { solution: { ...findTheOverflowSolution }, hiddenChecks: findTheOverflowHidden },
};
