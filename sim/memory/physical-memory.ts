import { PAGE_SIZE } from "../x86/constants";

/** Where frames come from when they are not resident: a raw image or an ELF dump read on demand (see scripts/sim-cli). */
export interface PageSource {
  /** The 4096 bytes of frame `pfn`, or null when the source has no such frame. Must not throw for absent frames. */
  readFrame(pfn: number): Uint8Array | null;
}

/** The wire form of a memory: resident frame numbers (sorted) and their bytes, 4096 per frame, in the same order. */
export interface MemoryWire {
  frames: number[];
  bytes: Uint8Array;
}

const OFFSET_MASK = PAGE_SIZE - 1;
const CACHE_SLOTS = 256; // a power of two

/**
 * Sparse, page-granular, little-endian physical memory. Physical addresses are numbers (always < 2^53).
 * Reading a frame that is absent (not written and not in the page source) gives 0, as on a bus that floats to 0;
 * writing one creates it. Accesses may straddle a page boundary.
 */
export class PhysicalMemory {
  private readonly frames = new Map<number, DataView>();
  private readonly missing = new Set<number>();
  // A walk reads a handful of frames (directory, tables) over and over: a small direct-mapped cache keyed by the low
  // bits of the pfn answers most reads without a Map lookup. A slot caches absence too (view undefined).
  private readonly slotPfn = new Float64Array(CACHE_SLOTS).fill(-1);
  private readonly slotView: (DataView | undefined)[] = new Array<DataView | undefined>(CACHE_SLOTS).fill(undefined);
  private readonly slotWords: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(CACHE_SLOTS).fill(undefined);
  private writes = 0;

  /** A memory whose absent frames are fetched from `source` on first use (and then kept). */
  constructor(private readonly source: PageSource | null = null) {}

  /**
   * A counter that changes on every write (and whenever a frame is installed). Callers that cache what they read
   * (the PAE PDPTE registers) compare it to know the bytes are unchanged since.
   */
  get version(): number {
    return this.writes;
  }

  /** Frames resident now (written, or already fetched from the source), ascending. */
  frameNumbers(): number[] {
    return [...this.frames.keys()].sort((a, b) => a - b);
  }

  /** Whether frame `pfn` exists: resident, or available from the page source (which fetches it). */
  hasFrame(pfn: number): boolean {
    return this.view(pfn) !== undefined;
  }

  /** The live bytes of frame `pfn` (writes go through), or null when absent. */
  findFrame(pfn: number): Uint8Array | null {
    const view = this.view(pfn);
    return view === undefined ? null : new Uint8Array(view.buffer, view.byteOffset, PAGE_SIZE);
  }

  read8(pa: number): number {
    const view = this.view(pfnOf(pa));
    return view === undefined ? 0 : view.getUint8(pa & OFFSET_MASK);
  }

  read16(pa: number): number {
    const off = pa & OFFSET_MASK;
    if (off > PAGE_SIZE - 2) return this.read8(pa) | (this.read8(pa + 1) << 8);
    const view = this.view(pfnOf(pa));
    return view === undefined ? 0 : view.getUint16(off, true);
  }

  read32(pa: number): number {
    const off = pa & OFFSET_MASK;
    if (off > PAGE_SIZE - 4) return (this.read16(pa) | (this.read16(pa + 2) << 16)) >>> 0;
    const view = this.view(pfnOf(pa));
    return view === undefined ? 0 : view.getUint32(off, true);
  }

  read64(pa: number): bigint {
    const off = pa & OFFSET_MASK;
    if (off > PAGE_SIZE - 8) return BigInt(this.read32(pa)) | (BigInt(this.read32(pa + 4)) << 32n);
    const view = this.view(pfnOf(pa));
    return view === undefined ? 0n : view.getBigUint64(off, true);
  }

  /**
   * Frame `pfn` as 1024 little-endian 32-bit words (live: writes go through), or undefined when absent. The walkers'
   * fast path: one lookup per table instead of one per entry half. Never pass the array outside sim/.
   */
  words(pfn: number): Uint32Array | undefined {
    const slot = pfn & (CACHE_SLOTS - 1);
    if (this.slotPfn[slot] !== pfn) this.view(pfn);
    return this.slotWords[slot];
  }

  /** The 64-bit value at `pa` as [low 32 bits, high 32 bits], unsigned; lets walkers avoid bigint on hot paths. */
  read64Halves(pa: number): [number, number] {
    return [this.read32(pa), this.read32(pa + 4)];
  }

  write8(pa: number, value: number): void {
    this.requireView(pfnOf(pa)).setUint8(pa & OFFSET_MASK, value & 0xff);
  }

  write16(pa: number, value: number): void {
    const off = pa & OFFSET_MASK;
    if (off > PAGE_SIZE - 2) {
      this.write8(pa, value);
      this.write8(pa + 1, value >>> 8);
      return;
    }
    this.requireView(pfnOf(pa)).setUint16(off, value & 0xffff, true);
  }

  write32(pa: number, value: number): void {
    const off = pa & OFFSET_MASK;
    if (off > PAGE_SIZE - 4) {
      this.write16(pa, value);
      this.write16(pa + 2, value >>> 16);
      return;
    }
    this.requireView(pfnOf(pa)).setUint32(off, value >>> 0, true);
  }

  write64(pa: number, value: bigint): void {
    const v = BigInt.asUintN(64, value);
    const off = pa & OFFSET_MASK;
    if (off > PAGE_SIZE - 8) {
      this.write32(pa, Number(v & 0xffffffffn));
      this.write32(pa + 4, Number(v >> 32n));
      return;
    }
    this.requireView(pfnOf(pa)).setBigUint64(off, v, true);
  }

  /** Copies `length` bytes starting at `pa` (absent frames read as 0). */
  readBytes(pa: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.read8(pa + i);
    return out;
  }

  /** Stores `bytes` starting at `pa`, creating frames as needed. */
  writeBytes(pa: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.write8(pa + i, bytes[i] ?? 0);
  }

  /** A deep copy of the resident frames (the copy shares the page source, if any). */
  clone(): PhysicalMemory {
    const copy = new PhysicalMemory(this.source);
    for (const [pfn, view] of this.frames) {
      copy.install(pfn, new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + PAGE_SIZE)));
    }
    return copy;
  }

  /** Resident frames as one byte array (for postMessage or JSON-free transfer). */
  toWire(): MemoryWire {
    const frames = this.frameNumbers();
    const bytes = new Uint8Array(frames.length * PAGE_SIZE);
    frames.forEach((pfn, i) => {
      const view = this.frames.get(pfn);
      if (view) bytes.set(new Uint8Array(view.buffer, view.byteOffset, PAGE_SIZE), i * PAGE_SIZE);
    });
    return { frames, bytes };
  }

  /**
   * Rebuilds a memory from `toWire()` output; throws when the byte count does not match the frame list. With
   * `oneBuffer` the frames are views of one copy of the bytes (one allocation, not one per frame): the same reads and
   * writes, but a frame's `findFrame(pfn).buffer` holds every frame, so only for memories no learner code is given.
   */
  static fromWire(wire: MemoryWire, options?: { oneBuffer?: boolean }): PhysicalMemory {
    if (wire.bytes.length !== wire.frames.length * PAGE_SIZE) {
      throw new Error(`fromWire: ${wire.frames.length} frames need ${wire.frames.length * PAGE_SIZE} bytes, got ${wire.bytes.length}`);
    }
    const mem = new PhysicalMemory();
    const copy = options?.oneBuffer === true ? wire.bytes.slice() : null;
    wire.frames.forEach((pfn, i) => {
      if (!Number.isSafeInteger(pfn) || pfn < 0) throw new Error(`fromWire: bad frame number ${pfn}`);
      mem.install(pfn, copy === null ? wire.bytes.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE) : copy.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE));
    });
    return mem;
  }

  private install(pfn: number, given: Uint8Array): DataView {
    // Word access needs 4-byte alignment; a page source may hand out a view at any offset, so copy those.
    const bytes = given.byteOffset % 4 === 0 ? given : given.slice(0, PAGE_SIZE);
    const view = new DataView(bytes.buffer, bytes.byteOffset, PAGE_SIZE);
    this.frames.set(pfn, view);
    this.missing.delete(pfn);
    this.writes++;
    const slot = pfn & (CACHE_SLOTS - 1); // low bits survive ToInt32 for any pfn < 2^53
    this.slotPfn[slot] = pfn;
    this.slotView[slot] = view;
    this.slotWords[slot] = wordsOf(bytes);
    return view;
  }

  private view(pfn: number): DataView | undefined {
    const slot = pfn & (CACHE_SLOTS - 1);
    if (this.slotPfn[slot] === pfn) return this.slotView[slot];
    const view = this.frames.get(pfn);
    if (view === undefined && this.source !== null && !this.missing.has(pfn)) {
      const bytes = this.source.readFrame(pfn);
      if (bytes !== null && bytes.length >= PAGE_SIZE) return this.install(pfn, bytes);
      this.missing.add(pfn);
    }
    this.slotPfn[slot] = pfn;
    this.slotView[slot] = view;
    this.slotWords[slot] = view === undefined ? undefined : wordsOf(new Uint8Array(view.buffer, view.byteOffset, PAGE_SIZE));
    return view;
  }

  private requireView(pfn: number): DataView {
    this.writes++;
    return this.view(pfn) ?? this.install(pfn, new Uint8Array(PAGE_SIZE));
  }
}

// Typed arrays use the host's byte order and x86 entries are little-endian. Every engine this runs on (x86, ARM,
// RISC-V browsers and Node) is little-endian; a big-endian host would read every entry byte-swapped, so refuse it.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error("sim: PhysicalMemory needs a little-endian host");

function wordsOf(bytes: Uint8Array): Uint32Array {
  return new Uint32Array(bytes.buffer, bytes.byteOffset, PAGE_SIZE / 4);
}

function pfnOf(pa: number): number {
  return Math.floor(pa / PAGE_SIZE);
}
