import type { PageSource } from "../../sim/index";
import type { LoadSegment, ReadAt } from "./elf";

const PAGE = 4096;

/** A raw image: file offset = physical address; frames past the end are absent, a partial last frame is zero-filled. */
export function rawPageSource(readAt: ReadAt, fileSize: number): PageSource {
  return {
    readFrame(pfn) {
      const pa = pfn * PAGE;
      if (pa >= fileSize) return null;
      const bytes = new Uint8Array(PAGE);
      bytes.set(readAt(pa, Math.min(PAGE, fileSize - pa)));
      return bytes;
    },
  };
}

/** An ELF dump: each frame is assembled from the PT_LOAD segments covering it (bytes past p_filesz read as 0). */
export function elfPageSource(readAt: ReadAt, segments: LoadSegment[]): PageSource {
  return {
    readFrame(pfn) {
      const pa = pfn * PAGE;
      let bytes: Uint8Array | null = null;
      for (let i = firstCandidate(segments, pa); i < segments.length; i++) {
        const s = segments[i];
        if (s === undefined || s.paddr >= pa + PAGE) break;
        const start = Math.max(pa, s.paddr);
        const end = Math.min(pa + PAGE, s.paddr + s.memsz);
        if (end <= start) continue;
        bytes ??= new Uint8Array(PAGE);
        const fileEnd = Math.min(end, s.paddr + s.filesz);
        if (fileEnd > start) bytes.set(readAt(s.offset + (start - s.paddr), fileEnd - start), start - pa);
      }
      return bytes;
    },
  };
}

// Binary search for the first segment that could overlap [pa, pa + PAGE): segments are sorted by paddr and, in
// QEMU dumps, do not overlap, so the one before the first segment starting at or after pa may still cover pa.
function firstCandidate(segments: LoadSegment[], pa: number): number {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((segments[mid]?.paddr ?? Infinity) < pa) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}
