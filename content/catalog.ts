import type { ExerciseAdapter, ExerciseSpec } from "../contract/exercise";
import { adapter as classifyAddressAdapter } from "./memory-between-kernel-and-user/01.address-spaces/01.virtual-address-spaces/exercises/classify-address/adapter";
import { spec as classifyAddressSpec } from "./memory-between-kernel-and-user/01.address-spaces/01.virtual-address-spaces/exercises/classify-address/spec";
import { adapter as walk32Adapter } from "./memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32/adapter";
import { spec as walk32Spec } from "./memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32/spec";
import { adapter as walk64Adapter } from "./memory-between-kernel-and-user/02.paging/02.four-level-paging/exercises/walk-64/adapter";
import { spec as walk64Spec } from "./memory-between-kernel-and-user/02.paging/02.four-level-paging/exercises/walk-64/spec";
import { adapter as pageDirectoryMapAdapter } from "./memory-between-kernel-and-user/02.paging/03.page-directory-map/exercises/page-directory-map/adapter";
import { spec as pageDirectoryMapSpec } from "./memory-between-kernel-and-user/02.paging/03.page-directory-map/exercises/page-directory-map/spec";
import { adapter as layoutI386Adapter } from "./memory-between-kernel-and-user/03.kernel-memory-and-highmem/01.lowmem-and-highmem/exercises/layout-i386/adapter";
import { spec as layoutI386Spec } from "./memory-between-kernel-and-user/03.kernel-memory-and-highmem/01.lowmem-and-highmem/exercises/layout-i386/spec";
import { adapter as kmapLocalAdapter } from "./memory-between-kernel-and-user/03.kernel-memory-and-highmem/02.kmap-local/exercises/kmap-local/adapter";
import { spec as kmapLocalSpec } from "./memory-between-kernel-and-user/03.kernel-memory-and-highmem/02.kmap-local/exercises/kmap-local/spec";
import { adapter as copyFromUserAdapter } from "./memory-between-kernel-and-user/04.crossing-the-boundary/01.copy-from-user/exercises/copy-from-user/adapter";
import { spec as copyFromUserSpec } from "./memory-between-kernel-and-user/04.crossing-the-boundary/01.copy-from-user/exercises/copy-from-user/spec";
import { adapter as readSyscallAdapter } from "./memory-between-kernel-and-user/04.crossing-the-boundary/02.read-syscall/exercises/read-syscall/adapter";
import { spec as readSyscallSpec } from "./memory-between-kernel-and-user/04.crossing-the-boundary/02.read-syscall/exercises/read-syscall/spec";
import { adapter as mmapHandlerAdapter } from "./memory-between-kernel-and-user/05.mmap/01.mmap-handlers/exercises/mmap-handler/adapter";
import { spec as mmapHandlerSpec } from "./memory-between-kernel-and-user/05.mmap/01.mmap-handlers/exercises/mmap-handler/spec";
import { adapter as mmapFaultAdapter } from "./memory-between-kernel-and-user/05.mmap/02.fault-handlers/exercises/mmap-fault/adapter";
import { spec as mmapFaultSpec } from "./memory-between-kernel-and-user/05.mmap/02.fault-handlers/exercises/mmap-fault/spec";
import { adapter as sampleRingAdapter } from "./memory-between-kernel-and-user/05.mmap/03.sample-ring/exercises/sample-ring/adapter";
import { spec as sampleRingSpec } from "./memory-between-kernel-and-user/05.mmap/03.sample-ring/exercises/sample-ring/spec";
import { adapter as findTheOverflowAdapter } from "./memory-between-kernel-and-user/06.exploitation-and-defence/01.attacking-mmap-handlers/exercises/find-the-overflow/adapter";
import { spec as findTheOverflowSpec } from "./memory-between-kernel-and-user/06.exploitation-and-defence/01.attacking-mmap-handlers/exercises/find-the-overflow/spec";

// Every exercise's public parts by id: the spec (judging, messages, public checks) and the adapter. The browser
// imports this file too, so it must never import a solution.ts or a hidden.ts (those are in grader/exercise-secrets.ts).

export interface CatalogEntry {
  /** Judged answers are typed per exercise; the catalog only needs them as unknown. */
  spec: ExerciseSpec;
  adapter: ExerciseAdapter;
  /** The exercise folder, relative to the repository root. */
  folder: string;
}

/** All exercises, keyed by their stable id (settings.json id = folder name). */
export const exerciseCatalog: Readonly<Record<string, CatalogEntry>> = {
  "classify-address": {
    spec: classifyAddressSpec,
    adapter: classifyAddressAdapter,
    folder:
      "content/memory-between-kernel-and-user/01.address-spaces/01.virtual-address-spaces/exercises/classify-address",
  },
  "walk-32": {
    spec: walk32Spec,
    adapter: walk32Adapter,
    folder: "content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32",
  },
  "walk-64": {
    spec: walk64Spec,
    adapter: walk64Adapter,
    folder: "content/memory-between-kernel-and-user/02.paging/02.four-level-paging/exercises/walk-64",
  },
  "page-directory-map": {
    spec: pageDirectoryMapSpec,
    adapter: pageDirectoryMapAdapter,
    folder: "content/memory-between-kernel-and-user/02.paging/03.page-directory-map/exercises/page-directory-map",
  },
  "layout-i386": {
    spec: layoutI386Spec,
    adapter: layoutI386Adapter,
    folder:
      "content/memory-between-kernel-and-user/03.kernel-memory-and-highmem/01.lowmem-and-highmem/exercises/layout-i386",
  },
  "kmap-local": {
    spec: kmapLocalSpec,
    adapter: kmapLocalAdapter,
    folder: "content/memory-between-kernel-and-user/03.kernel-memory-and-highmem/02.kmap-local/exercises/kmap-local",
  },
  "copy-from-user": {
    spec: copyFromUserSpec,
    adapter: copyFromUserAdapter,
    folder: "content/memory-between-kernel-and-user/04.crossing-the-boundary/01.copy-from-user/exercises/copy-from-user",
  },
  "read-syscall": {
    spec: readSyscallSpec,
    adapter: readSyscallAdapter,
    folder: "content/memory-between-kernel-and-user/04.crossing-the-boundary/02.read-syscall/exercises/read-syscall",
  },
  "mmap-handler": {
    spec: mmapHandlerSpec,
    adapter: mmapHandlerAdapter,
    folder: "content/memory-between-kernel-and-user/05.mmap/01.mmap-handlers/exercises/mmap-handler",
  },
  "mmap-fault": {
    spec: mmapFaultSpec,
    adapter: mmapFaultAdapter,
    folder: "content/memory-between-kernel-and-user/05.mmap/02.fault-handlers/exercises/mmap-fault",
  },
  "sample-ring": {
    spec: sampleRingSpec,
    adapter: sampleRingAdapter,
    folder: "content/memory-between-kernel-and-user/05.mmap/03.sample-ring/exercises/sample-ring",
  },
  "find-the-overflow": {
    spec: findTheOverflowSpec,
    adapter: findTheOverflowAdapter,
    folder:
      "content/memory-between-kernel-and-user/06.exploitation-and-defence/01.attacking-mmap-handlers/exercises/find-the-overflow",
  },
};

/** The exercise with this id, or null: an own key of the catalog only, so "constructor" or "__proto__" is null. */
export function findCatalogEntry(exerciseId: string): CatalogEntry | null {
  return Object.hasOwn(exerciseCatalog, exerciseId) ? (exerciseCatalog[exerciseId] ?? null) : null;
}
