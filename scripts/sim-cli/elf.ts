import { CliError } from "./cli-error";

/** A PT_LOAD segment of a QEMU dump-guest-memory ELF: physical address and where its bytes are in the file. */
export interface LoadSegment {
  paddr: number;
  offset: number;
  filesz: number;
  memsz: number;
}

const PT_LOAD = 1;
const PN_XNUM = 0xffff;

/** Reads `length` bytes at file offset `position` (a window over the file, so a 2 GB dump never sits in memory). */
export type ReadAt = (position: number, length: number) => Uint8Array;

/**
 * Parses the program headers of a little-endian ELF32 or ELF64 file and returns its PT_LOAD segments sorted by
 * physical address. Throws CliError for a malformed header or a segment that extends past the end of the file.
 */
export function parseElfSegments(readAt: ReadAt, fileSize: number): LoadSegment[] {
  const ident = readAt(0, 64);
  if (ident.length < 52) throw new CliError("ELF image truncated: header incomplete");
  const view = new DataView(ident.buffer, ident.byteOffset, ident.length);
  const is64 = ident[4] === 2;
  if (ident[4] !== 1 && !is64) throw new CliError(`ELF image: unknown class ${ident[4]}`);
  if (ident[5] !== 1) throw new CliError("ELF image: only little-endian dumps are supported");
  if (is64 && ident.length < 64) throw new CliError("ELF image truncated: header incomplete");

  const phoff = is64 ? safeNumber(view.getBigUint64(0x20, true)) : view.getUint32(0x1c, true);
  const phentsize = view.getUint16(is64 ? 0x36 : 0x2a, true);
  let phnum = view.getUint16(is64 ? 0x38 : 0x2c, true);
  if (phnum === PN_XNUM) {
    // Too many segments for e_phnum: the real count is in section header 0's sh_info (QEMU does this for big guests).
    const shoff = is64 ? safeNumber(view.getBigUint64(0x28, true)) : view.getUint32(0x20, true);
    const sh = readAt(shoff, 64);
    if (sh.length < (is64 ? 0x30 : 0x20)) throw new CliError("ELF image truncated: section header 0 missing");
    phnum = new DataView(sh.buffer, sh.byteOffset, sh.length).getUint32(is64 ? 0x2c : 0x1c, true);
  }
  if (phentsize < (is64 ? 56 : 32)) throw new CliError(`ELF image: program header size ${phentsize} too small`);
  if (phoff + phnum * phentsize > fileSize) throw new CliError("ELF image truncated: program headers past end of file");

  const table = readAt(phoff, phnum * phentsize);
  const ph = new DataView(table.buffer, table.byteOffset, table.length);
  const segments: LoadSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = i * phentsize;
    if (ph.getUint32(at, true) !== PT_LOAD) continue;
    const segment = is64
      ? {
          offset: safeNumber(ph.getBigUint64(at + 8, true)),
          paddr: safeNumber(ph.getBigUint64(at + 24, true)),
          filesz: safeNumber(ph.getBigUint64(at + 32, true)),
          memsz: safeNumber(ph.getBigUint64(at + 40, true)),
        }
      : { offset: ph.getUint32(at + 4, true), paddr: ph.getUint32(at + 12, true), filesz: ph.getUint32(at + 16, true), memsz: ph.getUint32(at + 20, true) };
    if (segment.offset + segment.filesz > fileSize) {
      throw new CliError(`ELF image truncated: segment at physical 0x${segment.paddr.toString(16)} needs ${segment.offset + segment.filesz} bytes, file has ${fileSize}`);
    }
    if (segment.memsz > 0) segments.push(segment);
  }
  return segments.sort((a, b) => a.paddr - b.paddr);
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CliError("ELF image: offset or address beyond 2^53");
  return Number(value);
}
