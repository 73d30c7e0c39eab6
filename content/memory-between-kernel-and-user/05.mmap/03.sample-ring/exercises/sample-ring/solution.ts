// The reference reader, written with nothing but what a learner has: the mapped ring's bytes, head and tail.

const RING_SAMPLES = 32768; // 65536 bytes, 2 per sample

/** What readSamples returns (the same declaration as the starter's). */
export interface RingRead {
  values: number[];
  lost: number;
}

/**
 * The decoded values v = (raw >> 4) & 0xFFF of the samples from tail to head, sample k at bytes (2k) mod 65536 (lo)
 * and the next (hi). head and tail are free-running u32 counters, so head - tail is taken mod 2^32; when it exceeds
 * 32768 the oldest samples were overwritten: they are reported as lost and the newest 32768 are read.
 */
export function readSamples(ring: Uint8Array, head: number, tail: number): RingRead {
  const pending = (head - tail) >>> 0;
  const lost = pending > RING_SAMPLES ? pending - RING_SAMPLES : 0;
  const first = (tail + lost) >>> 0;
  const values: number[] = [];
  for (let i = 0; i < pending - lost; i++) {
    const at = (((first + i) >>> 0) % RING_SAMPLES) * 2;
    const raw = (ring[at] ?? 0) | ((ring[at + 1] ?? 0) << 8);
    // Signed or not, the mask keeps the same 12 bits: (int16_t)raw >> 4 & 0xFFF == (raw >> 4) & 0xFFF.
    values.push((raw >> 4) & 0xfff);
  }
  return { values, lost };
}
