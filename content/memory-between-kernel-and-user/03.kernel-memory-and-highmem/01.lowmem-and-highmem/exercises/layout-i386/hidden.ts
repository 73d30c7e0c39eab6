import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng, I386_PAGE_OFFSETS } from "../../../../../../sim/index";
import type { Config } from "./adapter";
import { checkGroup } from "./spec";
import { config, GB, MB, randomConfig } from "./spec-configs";

// Server only: the edge cases of facts §2.1 and §5 E6 (no highmem, RAM exactly at MAXMEM, RAM a non-PAE kernel
// cannot use, every split, vmalloc=, PAE's 2 MB kmap window, both eras' MAXMEM, VMALLOC_START and vmalloc=) and a
// differential on fresh seeds.

const ERAS = ["2.6", "3.x"] as const;
/** 896 MB minus the kmap window, the fixmap and the guards: a 3.x kernel's MAXMEM with 3G/1G. */
const MAXMEM_3X = 0xff7fe000 - 0xc0000000 - 128 * MB;

function noHighmem(): CheckGroup {
  return checkGroup(
    "No highmem: 512 MB with 3G/1G (vmalloc from 0xe0800000), RAM exactly MAXMEM, and one page more",
    1,
    "hidden",
    [
      config({ ramBytes: 512 * MB }),
      config({ ramBytes: 512 * MB, era: "2.6" }),
      config({ ramBytes: 896 * MB, era: "2.6" }),
      config({ ramBytes: 896 * MB + 4096, era: "2.6" }),
      config({ ramBytes: MAXMEM_3X }),
      config({ ramBytes: MAXMEM_3X + 4096 }),
      config({ ramBytes: 12 * MB }),
      config({ ramBytes: 16 * MB }),
    ],
  );
}

function ramSizes(): CheckGroup {
  const configs: Config[] = [];
  for (const era of ERAS) {
    for (const ramBytes of [1 * GB, 4 * GB, 8 * GB, 3 * GB + 512 * MB]) configs.push(config({ ramBytes, era }));
  }
  return checkGroup(
    "1 GB, 3.5 GB and 4 GB of RAM, and 8 GB that a kernel without PAE cannot use",
    1,
    "hidden",
    configs,
  );
}

function splits(): CheckGroup {
  const configs: Config[] = [];
  for (const pageOffset of I386_PAGE_OFFSETS) {
    for (const era of ERAS) {
      for (const ramBytes of [1 * GB, 4 * GB]) configs.push(config({ pageOffset, ramBytes, era }));
    }
  }
  return checkGroup(
    "Every split: VMSPLIT_3G, 3G_OPT, 2G, 2G_OPT and 1G, with 1 GB and 4 GB, both eras",
    1,
    "hidden",
    configs,
  );
}

function vmallocParameter(): CheckGroup {
  const configs: Config[] = [];
  for (const era of ERAS) {
    for (const mb of [32, 120, 128, 256, 512]) configs.push(config({ ramBytes: 2 * GB, vmallocBytes: mb * MB, era }));
    configs.push(config({ pageOffset: 0x80000000, ramBytes: 4 * GB, vmallocBytes: 384 * MB, era }));
  }
  configs.push(config({ ramBytes: 512 * MB, vmallocBytes: 512 * MB }));
  return checkGroup(
    "vmalloc= from 32 MB to 512 MB: 2.6.28 and later add the 8 MB guard to it, 2.6.27 and older do not",
    1,
    "hidden",
    configs,
  );
}

function vmallocStartRounding(): CheckGroup {
  const configs: Config[] = [];
  // Lowmem that does not end on an 8 MB boundary: RAM of the 2.6.24 boot log (0x1f780000), odd sizes, and a
  // vmalloc= that makes MAXMEM itself odd (924 MB).
  for (const era of ERAS) {
    for (const ramBytes of [0x1f780000, 500 * MB, 777 * MB + 4096, 100 * MB + 3 * 4096, 12 * MB + 4096]) {
      configs.push(config({ ramBytes, era }));
    }
    configs.push(config({ ramBytes: 2 * GB, vmallocBytes: 100 * MB, era }));
    configs.push(config({ pageOffset: 0x40000000, ramBytes: 2 * GB + 4096, pae: true, era }));
  }
  return checkGroup(
    "VMALLOC_START: 2.6.27 and older round it up to an 8 MB boundary, 2.6.28 and later add exactly 8 MB",
    1,
    "hidden",
    configs,
  );
}

function pae(): CheckGroup {
  const configs: Config[] = [];
  for (const era of ERAS) {
    for (const ramBytes of [1 * GB, 8 * GB, 64 * GB, 96 * GB]) configs.push(config({ ramBytes, pae: true, era }));
  }
  configs.push(config({ pageOffset: 0x80000000, ramBytes: 16 * GB, pae: true }));
  configs.push(config({ pageOffset: 0x40000000, ramBytes: 8 * GB, pae: true, vmallocBytes: 256 * MB }));
  // A large fixmap from 0xffd00000: 513 pages below it is 0xffaff000, which PAE rounds down to a 2 MB boundary
  // (0xffa00000) where a 4 MB rounding would give 0xff800000.
  configs.push(config({ ramBytes: 2 * GB, pae: true, fixaddrStart: 0xffd00000 }));
  return checkGroup("PAE: a 512-page kmap window on a 2 MB boundary, 8, 64 and 96 GB of RAM", 1, "hidden", configs);
}

function freshDifferential(seed: string): CheckGroup {
  const rng = createRng(`layout-i386 hidden:${seed}`);
  const configs = Array.from({ length: 30 }, (_, i) => randomConfig(rng.fork(`config ${i}`)));
  return checkGroup("Differential: 30 fresh random configurations", 1, "hidden", configs);
}

/** The hidden checks for one submission: fixed edge cases and a differential from the seed. */
export function hiddenChecks(seed: string): CheckGroup[] {
  return [
    noHighmem(),
    ramSizes(),
    splits(),
    vmallocParameter(),
    vmallocStartRounding(),
    pae(),
    freshDifferential(seed),
  ];
}
