// What learners may import in exercises, as the module "@pagewise/sim": memory, constants and the types of the
// translation contract. Deliberately no walker or solver: implementing those is the exercise.

export { PhysicalMemory } from "./memory/physical-memory";
export * from "./x86/constants";
export type { Access, Cpu32, Translation32 } from "./x86/types";
