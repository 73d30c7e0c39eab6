import { closeSync, ftruncateSync, openSync, writeSync } from "node:fs";

/** A PT_LOAD segment to write: `size` bytes of physical memory starting at `paddr` (both 4 KB aligned). */
export interface DumpSegment {
  paddr: number;
  size: number;
}

/**
 * Writes a QEMU-style dump-guest-memory ELF (ELF64 or ELF32, little-endian, ET_CORE) with the given PT_LOAD
 * segments, then stores each frame's bytes at its place. Untouched parts stay file holes, so a 2 GB dump of mostly
 * zeros costs little disk. For tests and the benchmark.
 */
export function writeElfDump(path: string, segments: DumpSegment[], frames: Iterable<{ pa: number; bytes: Uint8Array }>, elf64 = true): void {
  const ehsize = elf64 ? 64 : 52;
  const phentsize = elf64 ? 56 : 32;
  const dataStart = Math.ceil((ehsize + phentsize * segments.length) / 4096) * 4096;
  const header = new Uint8Array(dataStart);
  const view = new DataView(header.buffer);
  header.set([0x7f, 0x45, 0x4c, 0x46, elf64 ? 2 : 1, 1, 1]);
  view.setUint16(16, 4, true); // ET_CORE
  view.setUint16(18, elf64 ? 62 : 3, true); // EM_X86_64 / EM_386
  view.setUint32(20, 1, true);
  if (elf64) {
    view.setBigUint64(0x20, BigInt(ehsize), true);
    view.setUint16(0x34, ehsize, true);
    view.setUint16(0x36, phentsize, true);
    view.setUint16(0x38, segments.length, true);
  } else {
    view.setUint32(0x1c, ehsize, true);
    view.setUint16(0x28, ehsize, true);
    view.setUint16(0x2a, phentsize, true);
    view.setUint16(0x2c, segments.length, true);
  }
  const offsets: number[] = [];
  let offset = dataStart;
  segments.forEach((s, i) => {
    const at = ehsize + i * phentsize;
    offsets.push(offset);
    view.setUint32(at, 1, true); // PT_LOAD
    if (elf64) {
      view.setUint32(at + 4, 7, true);
      view.setBigUint64(at + 8, BigInt(offset), true);
      view.setBigUint64(at + 24, BigInt(s.paddr), true);
      view.setBigUint64(at + 32, BigInt(s.size), true);
      view.setBigUint64(at + 40, BigInt(s.size), true);
    } else {
      view.setUint32(at + 4, offset, true);
      view.setUint32(at + 12, s.paddr, true);
      view.setUint32(at + 16, s.size, true);
      view.setUint32(at + 20, s.size, true);
      view.setUint32(at + 24, 7, true);
    }
    offset += s.size;
  });
  const fd = openSync(path, "w");
  try {
    writeSync(fd, header, 0, header.length, 0);
    ftruncateSync(fd, offset);
    for (const { pa, bytes } of frames) {
      const i = segments.findIndex((s) => pa >= s.paddr && pa + bytes.length <= s.paddr + s.size);
      const base = offsets[i];
      const segment = segments[i];
      if (base === undefined || segment === undefined) throw new Error(`frame at 0x${pa.toString(16)} is outside every segment`);
      writeSync(fd, bytes, 0, bytes.length, base + (pa - segment.paddr));
    }
  } finally {
    closeSync(fd);
  }
}
