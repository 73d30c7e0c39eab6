import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import { checkGroup, ringFixture } from "./spec";
import { BUF_PAGES, type Step } from "./spec-script";
import { randomScript } from "./spec-random";

// Server only: facts E12's edge cases, each in its own check (first touch, SIGBUS past the end (B11), references
// after fault/munmap/fork (B12), mremap growth, partial munmap and ->open, fork and exit, close(fd)), ->mmap's own
// validation, and a differential check on a fresh machine per submission.

const N = BUF_PAGES;
const touch = (page: number, who: "parent" | "child" = "parent"): Step => ({ op: "touch", who, page });

/** The hidden checks for one submission. */
export function hiddenChecks(seed: string): CheckGroup[] {
  const rng = createRng(`mmap-fault hidden:${seed}`);
  const fixture = ringFixture(rng.fork("machine"));
  const fresh = ringFixture(rng.fork("fresh machine"));
  const checks: [string, Step[][]][] = [
    [
      "First touch: nothing is mapped before it, then every page of the VMA reads its own ring page",
      [
        [{ op: "mmap", pages: N, pgoff: 0 }, ...Array.from({ length: N }, (_, i) => touch(i))],
        [{ op: "mmap", pages: 3, pgoff: 13 }, touch(2), touch(0), touch(1), touch(3)],
        [{ op: "mmap", pages: 1, pgoff: 15 }, touch(0), touch(0)],
      ],
    ],
    [
      "B11: ->fault past the ring returns VM_FAULT_SIGBUS, never a page",
      [
        [
          { op: "mmap", pages: N, pgoff: 0 },
          { op: "fault", pgoff: N },
          { op: "fault", pgoff: N + 1 },
          { op: "fault", pgoff: 4096 },
        ],
        [
          { op: "mmap", pages: 1, pgoff: 0 },
          { op: "fault", pgoff: 2 ** 32 },
          { op: "fault", pgoff: 2 ** 40 },
          touch(0),
        ],
      ],
    ],
    [
      "VM_DONTEXPAND: mremap cannot grow the mapping, shrinking still works",
      [
        [{ op: "mmap", pages: N, pgoff: 0 }, { op: "mremap", who: "parent", pages: N + 1 }, touch(N), touch(N - 1)],
        [
          { op: "mmap", pages: 2, pgoff: 3 },
          { op: "mremap", who: "parent", pages: 3 },
          { op: "mremap", who: "parent", pages: 1 },
          touch(1),
        ],
      ],
    ],
    [
      "B12: page references after faults and munmap: one per PTE, all given back",
      [
        [
          { op: "mmap", pages: 4, pgoff: 2 },
          touch(0),
          touch(1),
          touch(2),
          touch(3),
          touch(3),
          { op: "munmap", who: "parent", page: 0, pages: 4 },
        ],
        [
          { op: "mmap", pages: N, pgoff: 0 },
          touch(5),
          { op: "munmap", who: "parent", page: 5, pages: 1 },
          touch(5),
          touch(6),
        ],
      ],
    ],
    [
      "A partial munmap splits the VMA and ->open counts the new piece; ->close counts what goes",
      [
        [
          { op: "mmap", pages: 6, pgoff: 1 },
          touch(4),
          { op: "munmap", who: "parent", page: 2, pages: 2 },
          touch(4),
          touch(2),
        ],
        [
          { op: "mmap", pages: 8, pgoff: 0 },
          { op: "munmap", who: "parent", page: 0, pages: 1 },
          { op: "munmap", who: "parent", page: 7, pages: 1 },
          { op: "munmap", who: "parent", page: 3, pages: 1 },
          { op: "munmap", who: "parent", page: 0, pages: 8 },
        ],
      ],
    ],
    [
      "fork and exit: the child's VMAs are opened, its faults take their own references, exit closes everything",
      [
        [
          { op: "mmap", pages: 4, pgoff: 0 },
          touch(0),
          { op: "fork" },
          touch(0, "child"),
          touch(1, "child"),
          { op: "exit", who: "child" },
          touch(1),
          { op: "exit", who: "parent" },
        ],
        [
          { op: "mmap", pages: 4, pgoff: 12 },
          { op: "fork" },
          { op: "munmap", who: "child", page: 1, pages: 1 },
          touch(3, "child"),
          { op: "exit", who: "parent" },
          touch(0, "child"),
          { op: "exit", who: "child" },
        ],
      ],
    ],
    [
      "The mapping outlives close(fd): pages still fault in after the fd is gone",
      [
        [
          { op: "mmap", pages: 2, pgoff: 7 },
          { op: "close-fd" },
          touch(1),
          touch(0),
          { op: "munmap", who: "parent", page: 0, pages: 2 },
        ],
      ],
    ],
    [
      "->mmap still validates: past the ring -EINVAL, write -EPERM, MAP_PRIVATE -EINVAL, a read-only fd is fine, mprotect cannot add write",
      [
        [{ op: "mmap", pages: N + 1, pgoff: 0 }],
        [{ op: "mmap", pages: 2, pgoff: 15 }],
        [{ op: "mmap", pages: 1, pgoff: N }],
        [{ op: "mmap", pages: 1, pgoff: 0, write: true }],
        [{ op: "mmap", pages: 1, pgoff: 0, private: true }],
        [{ op: "mmap", pages: 4, pgoff: 12, rdonly: true }, touch(3), { op: "mprotect-write", who: "parent" }],
        [{ op: "mmap", pages: 4, pgoff: 0 }, { op: "mprotect-write", who: "parent" }, touch(0)],
      ],
    ],
  ];
  const groups = checks.map(([name, scripts]) => checkGroup(name, 1, "hidden", fixture, scripts));
  const random = Array.from({ length: 30 }, (_, i) => randomScript(rng.fork(`script ${i}`)));
  return [...groups, checkGroup("Differential: 30 random scripts on a fresh machine", 1, "hidden", fresh, random)];
}
