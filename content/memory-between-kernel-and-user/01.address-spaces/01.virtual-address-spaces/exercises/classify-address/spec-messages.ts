import type { LayoutWire, Region } from "./adapter";
import {
  findRow,
  GB,
  hexAddress,
  MB,
  START_KERNEL_MAP,
  X86_64_DEFAULTS,
  type I386Field,
  type X8664Field,
} from "./spec-layouts";

// How a wrong answer is explained: the address, the layout in the kernel's own names (only the parameters that
// matter for the two regions involved), the learner's answer, the right region with its bounds, and a hint for
// the mistakes people make (the canonical rule, PAGE_OFFSET, high_memory and the 8 MB guard, KASLR bases).

const NAMES: Record<Region, string> = {
  user: "user space",
  "non-canonical": "non-canonical (the hole between the two halves)",
  "guard-hole": "the guard hole",
  "ldt-remap": "the LDT remap",
  "direct-map": "the direct map",
  vmalloc: "vmalloc space",
  vmemmap: "vmemmap",
  "cpu-entry-area": "the cpu_entry_area",
  "esp-fixup": "the %esp fixup stacks",
  efi: "the EFI runtime mappings",
  "kernel-text": "the kernel text mapping",
  modules: "module space",
  pkmap: "the kmap window (pkmap)",
  fixmap: "the fixmap",
  vsyscall: "the vsyscall page",
  unused: "unused",
};

/** "512 MB", "4 GB"; a size that is not a whole number of MB (MAXMEM on current kernels) in hex. */
function sizeText(bytes: bigint): string {
  if (bytes % GB === 0n) return `${bytes / GB} GB`;
  return bytes % MB === 0n ? `${bytes / MB} MB` : `0x${bytes.toString(16)} bytes`;
}

/** The layout parameters a message about `regions` needs, e.g. "page_offset_base 0xffff888000000000". */
function context(layout: LayoutWire, regions: Region[]): string {
  const parts: string[] = [];
  const add = (part: string) => {
    if (!parts.includes(part)) parts.push(part);
  };
  if (layout.arch === "i386") {
    const n = (field: I386Field) => BigInt(layout[field]);
    add(`PAGE_OFFSET ${hexAddress(n("pageOffset"), "i386")}`);
    add(`${sizeText(n("ramBytes"))} of RAM`);
    for (const region of regions) {
      if (region === "direct-map" || region === "vmalloc") add(`MAXMEM ${sizeText(n("maxmemBytes"))}`);
      if (region === "vmalloc") add(`VMALLOC_END ${hexAddress(n("vmallocEnd"), "i386")}`);
      if (region === "pkmap") add(`PKMAP_BASE ${hexAddress(n("pkmapBase"), "i386")}, LAST_PKMAP ${n("lastPkmap")}`);
      if (region === "fixmap")
        add(
          `FIXADDR_START ${hexAddress(n("fixaddrStart"), "i386")}, FIXADDR_TOP ${hexAddress(n("fixaddrTop"), "i386")}`,
        );
    }
    return `on i386 with ${parts.join(", ")}`;
  }
  const n = (field: X8664Field) => BigInt(layout[field]);
  for (const region of regions) {
    if (region === "direct-map") add(`page_offset_base ${hexAddress(n("pageOffsetBase"), "x86_64")}`);
    if (region === "vmalloc") add(`vmalloc_base ${hexAddress(n("vmallocBase"), "x86_64")}`);
    if (region === "vmemmap") add(`vmemmap_base ${hexAddress(n("vmemmapBase"), "x86_64")}`);
    if (region === "kernel-text" || region === "modules") add(`KERNEL_IMAGE_SIZE ${sizeText(n("kernelImageBytes"))}`);
    if (region === "fixmap") add(`FIXADDR_START ${hexAddress(n("fixaddrStart"), "x86_64")}`);
  }
  return parts.length === 0 ? "on x86-64" : `on x86-64 with ${parts.join(", ")}`;
}

/** The learner-facing message: "0x... on x86-64 with ...: you said vmalloc, it is the direct map, a to b." + hints. */
export function explainMismatch(layout: LayoutWire, address: bigint, expected: Region, actual: Region): string {
  const row = findRow(layout, address);
  const bounds = `${hexAddress(row.start, layout.arch)} to ${hexAddress(row.end - 1n, layout.arch)}`;
  const where = expected === "unused" ? `in no region (unused: the gap ${bounds})` : `${NAMES[expected]}, ${bounds}`;
  const head =
    `${hexAddress(address, layout.arch)} ${context(layout, [expected, actual])}: ` +
    `you said ${actual}, it is ${where}.`;
  const hints = hintsFor(layout, expected, actual);
  return hints.length === 0 ? head : `${head} Hint: ${hints.join(" ")}`;
}

function hintsFor(layout: LayoutWire, expected: Region, actual: Region): string[] {
  const hints: string[] = [];
  const involves = (region: Region) => expected === region || actual === region;

  if (layout.arch === "x86_64") {
    const n = (field: X8664Field) => BigInt(layout[field]);
    if (involves("non-canonical")) {
      hints.push(
        "With 4-level paging bits 63:47 must all equal bit 47: only [0x0000000000000000, 0x00007fffffffffff] and " +
          "[0xffff800000000000, 0xffffffffffffffff] are canonical; any other address raises #GP.",
      );
    }
    if (involves("user") && !involves("non-canonical")) {
      hints.push(
        "The user half is every address below 0x0000800000000000, the top page (0x00007ffffffff000) included, " +
          "even though Linux never maps it.",
      );
    }
    const moved = (["direct-map", "vmalloc", "vmemmap"] as const).filter(involves);
    const isKaslr =
      n("pageOffsetBase") !== X86_64_DEFAULTS.pageOffsetBase ||
      n("vmallocBase") !== X86_64_DEFAULTS.vmallocBase ||
      n("vmemmapBase") !== X86_64_DEFAULTS.vmemmapBase;
    if (moved.length > 0 && isKaslr) {
      hints.push(
        "KASLR moved this layout's bases: take page_offset_base, vmalloc_base and vmemmap_base from the layout " +
          "(sizes 64 TB, 32 TB and 1 TB), not the documented defaults.",
      );
    }
    if (involves("kernel-text") || involves("modules")) {
      const modules = START_KERNEL_MAP + n("kernelImageBytes");
      hints.push(
        `The kernel text mapping is KERNEL_IMAGE_SIZE from 0xffffffff80000000; modules start right after it, ` +
          `at ${hexAddress(modules, "x86_64")}, and end at 0xfffffffffeffffff.`,
      );
    }
    return hints;
  }

  const n = (field: I386Field) => BigInt(layout[field]);
  const pageOffset = n("pageOffset");
  const ram = n("ramBytes");
  const maxmem = n("maxmemBytes");
  const highMemory = pageOffset + (ram < maxmem ? ram : maxmem);
  if (involves("user")) {
    hints.push(`User space is [0, PAGE_OFFSET): here it ends at ${hexAddress(pageOffset - 1n, "i386")}.`);
  }
  if (involves("direct-map") || involves("vmalloc")) {
    hints.push(
      `The direct map ends at high_memory = PAGE_OFFSET + min(RAM, MAXMEM) = ${hexAddress(highMemory, "i386")}; ` +
        `vmalloc starts 8 MB (VMALLOC_OFFSET) above it, at ${hexAddress(highMemory + 8n * MB, "i386")}, ` +
        `and ends before VMALLOC_END.`,
    );
  }
  if (involves("pkmap")) {
    hints.push("The kmap window is LAST_PKMAP pages of 4 KB from PKMAP_BASE.");
  }
  if (involves("fixmap")) hints.push("The fixmap is [FIXADDR_START, FIXADDR_TOP): FIXADDR_TOP itself is past it.");
  return hints;
}
