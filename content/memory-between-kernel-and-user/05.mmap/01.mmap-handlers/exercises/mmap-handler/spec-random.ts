import type { Rng } from "../../../../../../sim/index";
import {
  BUF_PAGES,
  MAP_PRIVATE,
  MAP_SHARED,
  PAGE,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  request,
  type MmapInput,
} from "./spec-input";

// Random mmap requests around the ring's edges, for the differential checks: mostly legal or just past the end,
// some with write, exec or MAP_PRIVATE, on both kinds of fd, now and then an attacker's huge length or offset.

const HUGE_LENGTHS = [0x80000000, 0xf0000000, 0x100000000, 0xfffff000];
const HUGE_OFFSETS = [0xfffff000n, 0x80000000n, 0x1000000n, 0xfffffffff000n];

/** One random request. */
export function randomRequest(rng: Rng): MmapInput {
  const fd = rng.chance(0.5) ? "O_RDWR" : "O_RDONLY";
  const prot = rng.chance(0.85) ? PROT_READ : rng.pick([PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC, PROT_WRITE]);
  const flags = rng.chance(0.88) ? MAP_SHARED : MAP_PRIVATE;
  if (rng.chance(0.08)) return request(rng.pick(HUGE_LENGTHS), rng.int(0, 2) * PAGE, { prot, flags, fd });
  if (rng.chance(0.06)) return request(rng.int(1, 3) * PAGE, rng.pick(HUGE_OFFSETS), { prot, flags, fd });
  const off = rng.chance(0.85) ? rng.int(0, BUF_PAGES - 1) : rng.int(BUF_PAGES, BUF_PAGES + 2);
  const room = Math.max(1, BUF_PAGES - off);
  const pages = rng.chance(0.7) ? rng.int(1, room) : rng.int(1, room + 2);
  const len = rng.chance(0.2) ? pages * PAGE - rng.int(1, PAGE - 1) : pages * PAGE;
  return request(len, off * PAGE, { prot, flags, fd });
}

/** `count` random requests. */
export function randomRequests(rng: Rng, count: number): MmapInput[] {
  return Array.from({ length: count }, () => randomRequest(rng));
}
