import type { Rng } from "../../../../../../sim/index";
import { BUF_PAGES, type Step, type Who } from "./spec-script";

// Random scripts for the differential checks: a mapping (mostly legal), then touches, partial unmaps, an mremap,
// a fork with the child's own touches and exit, a closed fd, and direct faults past the ring.

/** One random script of 4 to 12 steps. */
export function randomScript(rng: Rng): Step[] {
  const legal = rng.chance(0.9);
  const pgoff = legal ? rng.int(0, BUF_PAGES - 1) : rng.int(0, BUF_PAGES + 1);
  const pages = legal ? rng.int(1, BUF_PAGES - pgoff) : rng.int(1, BUF_PAGES + 2);
  const mmapStep: Step = rng.chance(0.1)
    ? { op: "mmap", pages, pgoff, ...(rng.chance(0.5) ? { private: true } : { write: true }) }
    : { op: "mmap", pages, pgoff, rdonly: rng.chance(0.3) };
  const steps: Step[] = [mmapStep];
  let forked = false;
  let childAlive = false;
  const count = rng.int(3, 11);
  for (let i = 0; i < count; i++) {
    const who: Who = childAlive && rng.chance(0.4) ? "child" : "parent";
    const roll = rng.int(0, 99);
    if (roll < 45) steps.push({ op: "touch", who, page: rng.int(0, pages), write: rng.chance(0.1) });
    else if (roll < 55) {
      const page = rng.int(0, Math.max(0, pages - 1));
      steps.push({ op: "munmap", who, page, pages: rng.int(1, Math.max(1, pages - page)) });
    } else if (roll < 62) steps.push({ op: "mremap", who, pages: rng.int(1, pages + 2) });
    else if (roll < 67) steps.push({ op: "mprotect-write", who });
    else if (roll < 77 && !forked) {
      steps.push({ op: "fork" });
      forked = childAlive = true;
    } else if (roll < 83 && childAlive) {
      steps.push({ op: "exit", who: "child" });
      childAlive = false;
    } else if (roll < 88) steps.push({ op: "close-fd" });
    else steps.push({ op: "fault", pgoff: rng.int(BUF_PAGES, BUF_PAGES + 40) });
  }
  return steps;
}
