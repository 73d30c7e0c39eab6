import type { FixtureWire } from "../../../contract/exercise";
import { PhysicalMemory } from "../../../sim/index";

// Tests that compute expected answers with sim's walkers rebuild a fixture's memory once, not once per case: the
// walkers only read it (they write only with updateAccessedDirty, which no exercise test asks for).
const built = new WeakMap<FixtureWire, PhysicalMemory>();

/** The fixture's physical memory, built on first use and shared by every later case of the same fixture. */
export function fixtureMemory(fixture: FixtureWire): PhysicalMemory {
  const cached = built.get(fixture);
  if (cached) return cached;
  const mem = PhysicalMemory.fromWire(fixture);
  built.set(fixture, mem);
  return mem;
}
