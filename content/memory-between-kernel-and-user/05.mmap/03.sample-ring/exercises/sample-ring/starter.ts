/** What readSamples returns: the decoded values in order, and how many samples were lost to an overrun. */
export interface RingRead {
  values: number[];
  lost: number;
}

/**
 * The user side of the 64 KB sample ring, mapped read-only with mmap(MAP_SHARED, PROT_READ).
 *
 *   ring   the mapped ring: 65536 bytes, 32768 samples. Sample number k is at bytes (2k) mod 65536 (lo) and the
 *          byte after it (hi): raw = lo | hi << 8, a signed 16-bit sample whose value is in its top 12 bits.
 *   head   the producer's count of samples written, a u32 that wraps at 2^32
 *   tail   your count of samples read so far, also a u32
 *
 * Return the values v = (raw >> 4) & 0xFFF (0..4095) of samples tail .. head - 1, oldest first. If the producer is
 * more than 32768 samples ahead, the oldest were overwritten: return lost = head - tail - 32768 and the newest 32768.
 */
export function readSamples(ring: Uint8Array, head: number, tail: number): RingRead {
  // 1. head - tail must be computed modulo 2^32: head may have wrapped past 0 while tail has not.
  // 2. More than 32768 samples pending is an overrun: skip the lost ones, keep the newest 32768.
  // 3. Sample k lives at byte (2 * k) mod 65536, little-endian; the value is (raw >> 4) & 0xFFF.

  // For now: assumes no wrap and no overrun, and reads the bytes big-endian.
  const values: number[] = [];
  for (let k = tail; k < head && values.length < 32768; k++) {
    const at = (2 * k) % 65536;
    const raw = ((ring[at] ?? 0) << 8) | (ring[at + 1] ?? 0);
    values.push((raw >> 4) & 0xfff);
  }
  return { values, lost: 0 };
}
