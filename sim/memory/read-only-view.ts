import type { PhysicalMemory } from "./physical-memory";

// A view of physical memory for code that must only read it: an exercise adapter hands it to the learner's walker
// or map drawer, so every read can be shown in the trace and a stray write fails loudly instead of changing the
// fixture that the next case reads.

/** Bytes per read method of PhysicalMemory. */
export type ReadSize = 1 | 2 | 4 | 8;
export type ReadObserver = (pa: number, size: ReadSize, value: number | bigint) => void;

const READ_SIZES: Readonly<Record<string, ReadSize>> = { read8: 1, read16: 2, read32: 4, read64: 8 };
const WRITES = new Set(["write8", "write16", "write32", "write64", "writeBytes"]);

/**
 * `mem` as a PhysicalMemory that calls `onRead` after every read8/16/32/64 (with the value read) and throws
 * `writeError(method)` for every write method; everything else passes through, bound to `mem`.
 */
export function readOnlyView(
  mem: PhysicalMemory,
  writeError: (method: string) => Error,
  onRead?: ReadObserver,
): PhysicalMemory {
  return new Proxy(mem, {
    get(target, property) {
      if (typeof property !== "string") return Reflect.get(target, property, target);
      const size = READ_SIZES[property];
      if (size !== undefined && onRead) {
        const read = (Reflect.get(target, property, target) as (pa: number) => number | bigint).bind(target);
        return (pa: number) => {
          const value = read(pa);
          onRead(pa, size, value);
          return value;
        };
      }
      if (WRITES.has(property)) {
        return () => {
          throw writeError(property);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
