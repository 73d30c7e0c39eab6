import { I386_PAGE_OFFSETS, layoutI386, type Rng } from "../../../../../../sim/index";
import type { Config, Era } from "./adapter";

// The configurations the checks ask about, and how a configuration is written in a message: the split by its
// Kconfig name, RAM in MB or GB, the boot parameter as typed on a kernel command line.

export const KB = 1024;
export const MB = 1024 * KB;
export const GB = 1024 * MB;

/** FIXADDR_START in the boot logs of the lesson: Linux 2.6.24 ("2.6") and 2.6.38 ("3.x"), 3G/1G, no PAE. */
export const BOOT_LOG_FIXADDR_START: Record<Era, number> = { "2.6": 0xfff4b000, "3.x": 0xfff16000 };

const SPLIT_NAMES: Record<number, string> = {
  0xc0000000: "VMSPLIT_3G",
  0xb0000000: "VMSPLIT_3G_OPT",
  0x80000000: "VMSPLIT_2G",
  0x78000000: "VMSPLIT_2G_OPT",
  0x40000000: "VMSPLIT_1G",
};

/** A configuration with the lesson's defaults: 3G/1G, no vmalloc=, no PAE, a 3.x kernel, the boot log's fixmap. */
export function config(options: Partial<Config> & { ramBytes: number }): Config {
  const era = options.era ?? "3.x";
  return {
    pageOffset: options.pageOffset ?? 0xc0000000,
    ramBytes: options.ramBytes,
    vmallocBytes: options.vmallocBytes ?? null,
    pae: options.pae ?? false,
    era,
    fixaddrStart: options.fixaddrStart ?? BOOT_LOG_FIXADDR_START[era],
  };
}

/** `0x` + 8 hex digits: how addresses are written in messages (wider values, PAE RAM sizes, as they come). */
export function hex(value: number): string {
  if (value < 0) return "-0x" + (-value).toString(16);
  return "0x" + value.toString(16).padStart(8, "0");
}

/** "512 MB", "4 GB", "887.99 MB (0x377fe000)": a size as a person would say it, exact in hex when it is not round. */
export function sizeText(bytes: number): string {
  if (bytes === 0) return "0";
  if (bytes % GB === 0) return `${bytes / GB} GB`;
  if (bytes % MB === 0) return `${bytes / MB} MB`;
  return `${(bytes / MB).toFixed(2)} MB (${hex(bytes)})`;
}

/** "VMSPLIT_3G (PAGE_OFFSET 0xc0000000), 512 MB of RAM, vmalloc=256M, PAE, 3.x kernel, FIXADDR_START 0xfff16000" */
export function describeConfig(c: Config): string {
  const split = SPLIT_NAMES[c.pageOffset] ?? "a split";
  const vmalloc = c.vmallocBytes === null ? "no vmalloc=" : `vmalloc=${c.vmallocBytes / MB}M`;
  return (
    `${split} (PAGE_OFFSET ${hex(c.pageOffset)}), ${sizeText(c.ramBytes)} of RAM, ${vmalloc}, ` +
    `${c.pae ? "PAE" : "no PAE"}, ${c.era} kernel, FIXADDR_START ${hex(c.fixaddrStart)}`
  );
}

const RAM_CHOICES_MB = [64, 128, 256, 512, 768, 880, 896, 900, 1024, 1536, 2048, 3072, 3584, 4096];
const PAE_RAM_CHOICES_MB = [...RAM_CHOICES_MB, 6144, 8192, 16384, 65536, 98304];
const VMALLOC_CHOICES_MB = [16, 32, 64, 96, 128, 192, 256, 384, 512];

/**
 * A configuration drawn from `rng`: any split (PAE only where PAGE_OFFSET is 1 GB aligned), RAM from 64 MB to
 * 4 GB (96 GB with PAE) and now and then a size that is not a round number of MB, vmalloc= in four cases out of
 * ten, either era, and FIXADDR_START either the era's boot-log value or another page near the top. A vmalloc= with
 * which the kernel would not boot (2.6.27 and older, whose direct map can then run into the kmap window) is dropped.
 */
export function randomConfig(rng: Rng): Config {
  const pageOffset = rng.pick(I386_PAGE_OFFSETS);
  const pae = pageOffset % GB === 0 && rng.chance(0.3);
  const era = rng.pick(["2.6", "3.x"] as const);
  let ramBytes = rng.pick(pae ? PAE_RAM_CHOICES_MB : RAM_CHOICES_MB) * MB;
  if (rng.chance(0.2)) ramBytes += rng.int(-255, 255) * 4096;
  const vmallocBytes = rng.chance(0.4) ? rng.pick(VMALLOC_CHOICES_MB) * MB : null;
  const fixaddrStart = rng.chance(0.5) ? BOOT_LOG_FIXADDR_START[era] : 0xffc00000 + rng.int(0, 0x3d0) * 4096;
  const drawn: Config = { pageOffset, ramBytes, vmallocBytes, pae, era, fixaddrStart };
  return boots(drawn) ? drawn : { ...drawn, vmallocBytes: null };
}

/** Whether a kernel boots with `c`: sim's layout refuses what mem_init's BUG_ON(VMALLOC_START > VMALLOC_END) stops. */
function boots(c: Config): boolean {
  try {
    layoutI386({ ...c, vmallocBytes: c.vmallocBytes ?? undefined });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}
