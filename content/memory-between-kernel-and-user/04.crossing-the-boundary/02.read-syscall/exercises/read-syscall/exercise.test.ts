import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { FixtureWire } from "../../../../../../contract/exercise";
import { answersTo, exerciseTests } from "../../../../../kit/testing/exercise-tests";
import { asEntry, referenceAnswer } from "../../../../../kit/testing/judge-group";
import { copyToUser, createRng } from "../../../../../../sim/index";
import { adapter, buildMm, deviceBytes, mergeRuns, type Kernel, type ReadAnswer } from "./adapter";
import { hiddenChecks } from "./hidden";
import * as solution from "./solution";
import { spec } from "./spec";
import { readInputSchema } from "./spec-input";
import { PAGE, randomReads, read, ReadSpace, RW, seededSpace, USER_PTR_MAX } from "./spec-space";
import * as starter from "./starter";

vi.mock("@pagewise/sim", () => import("../../../../../../sim/learner-api"));

const EFAULT = 14;
const EINVAL = 22;

/**
 * The oracle: simple_read_from_buffer (fs/libfs.c) written directly on sim's copyToUser and a fresh mm of the
 * fixture, as the return value, the new *ppos and the stored bytes.
 */
function oracle(fixture: FixtureWire, input: { buf: string; count: number; pos: number }) {
  const meta = fixture.meta as { smap: boolean; device: { seed: string; size: number } };
  const mm = buildMm(fixture);
  const data = deviceBytes(meta.device);
  const available = meta.device.size;
  let { count } = input;
  const { pos } = input;
  if (pos < 0) return { returned: -EINVAL, pos, stored: [] };
  if (pos >= available || count === 0) return { returned: 0, pos, stored: [] };
  if (count > available - pos) count = available - pos;
  const to = BigInt(input.buf);
  const ret = copyToUser(mm, to, data.subarray(pos), count, { smap: meta.smap });
  if (ret === count) return { returned: -EFAULT, pos, stored: [] };
  const done = count - ret;
  return {
    returned: done,
    pos: pos + done,
    stored: mergeRuns([{ at: Number(to), bytes: data.slice(pos, pos + done) }]),
  };
}

const { expectCheckBasics, expectPassedBy, failedBy, checks, mistakes } = exerciseTests(
  { spec, adapter, hiddenChecks },
  referenceAnswer(spec, adapter, solution.devRead),
);

const SEEDS = ["learner-ada", "learner-grace", "learner-linus"];

/**
 * The wrong read()s (below) that the 40- and 150-read differentials each caught on their own for every seed here: the
 * 40- and 60-read ones still do. (A read at exactly *ppos == size was, and is, the edge checks' to catch.)
 */
const ALONE: string[] = [
  "count clamped one byte too far",
  "count clamped one byte short",
  "copies from the start of the device, not *ppos",
  "*ppos advanced by count, not by what was copied",
  "returns count, not what was copied",
  "a copy that stops at the end of buf's page",
  "count not clamped at all",
];

describe("read-syscall reference solution", () => {
  it("agrees with simple_read_from_buffer on sim's copyToUser, on random reads in random processes", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 2 ** 31 }), (seed, salt) => {
        const rng = createRng(`${seed}:${salt}`);
        const s = seededSpace(rng.fork("space"));
        const fixture = s.space.fixture(rng.chance(0.5));
        const prepared = adapter.prepare(fixture);
        for (const input of randomReads(rng.fork("reads"), s.space.vmas, s.size, 8)) {
          const answer = adapter.call(solution.devRead, prepared, input);
          expect({ returned: answer.returned, pos: answer.pos, stored: answer.stored }).toEqual(oracle(fixture, input));
        }
      }),
      { numRuns: 120, seed: 0x4ead },
    );
  });

  it("gives the worked answers: a short read before an unmapped page, -EFAULT, EOF, -EINVAL", () => {
    const fixture = new ReadSpace("worked", 5000).map(0x10000000, PAGE, RW).present(0x10000000).fixture();
    const prepared = adapter.prepare(fixture);
    const run = (input: ReturnType<typeof read>) => adapter.call(solution.devRead, prepared, input);
    const short = run(read(0x10000ff0, 0x40, 100));
    expect([short.returned, short.pos, short.stored[0]?.at, short.fault]).toEqual([
      0x10,
      100 + 0x10,
      "0x10000ff0",
      { at: "0x10001000", reason: "is unmapped (no VMA)" },
    ]);
    expect(short.stored[0]?.hex).toBe(
      Buffer.from(deviceBytes({ seed: "worked", size: 5000 }).slice(100, 116)).toString("hex"),
    );
    expect([run(read(0x10001000, 16, 0)).returned, run(read(0x10001000, 16, 0)).pos]).toEqual([-EFAULT, 0]);
    expect(run(read(0xffff888000001000n, 16, 0)).fault).toEqual({
      at: "0xffff888000001000",
      reason: "is not a user address range (access_ok fails)",
    });
    expect([run(read(0x10000000, 100, 5000)).returned, run(read(0x10000000, 100, -1)).returned]).toEqual([0, -EINVAL]);
    expect(run(read(0x10000000, 9000, 4000))).toMatchObject({ returned: 1000, pos: 5000 });
  });
});

describe("read-syscall checks", () => {
  it("give exactly settings.points, public ones deterministic per seed and different across seeds", () => {
    expectCheckBasics({ seededPublic: 4, seededHidden: -1, publicCount: 5 });
  });

  it("are all passed by the reference solution, whose answers match the oracle", () => {
    expectPassedBy(solution.devRead, SEEDS, (group) => {
      for (const { kase, fixture, answer } of answersTo(adapter, solution.devRead, group)) {
        expect({ returned: answer.returned, pos: answer.pos, stored: answer.stored }).toEqual(
          oracle(fixture, readInputSchema.parse(kase.input)),
        );
      }
    });
  });

  it("are failed by the starter code", () => {
    expect(failedBy(starter.devRead, checks("starter", "starter")).length).toBeGreaterThanOrEqual(8);
  });

  type Read = typeof solution.devRead;
  const failsOn = mistakes<Read>();

  it("each edge-case check catches the mistake it is named after", () => {
    const efaultOnShort: Read = (k, file, buf, count, ppos) => {
      const dev = file.private_data;
      if (ppos.pos < 0) return -EINVAL;
      if (ppos.pos >= dev.size || count === 0) return 0;
      const n = Math.min(count, dev.size - ppos.pos);
      if (k.copy_to_user(buf, dev.data.subarray(ppos.pos), n) !== 0) return -EFAULT;
      ppos.pos += n;
      return n;
    };
    const returnsLeft: Read = (k, file, buf, count, ppos) => {
      const dev = file.private_data;
      if (ppos.pos >= dev.size || count === 0) return 0;
      const n = Math.min(count, dev.size - ppos.pos);
      const left = k.copy_to_user(buf, dev.data.subarray(ppos.pos), n);
      ppos.pos += n - left;
      return left === n ? -EFAULT : left;
    };
    const noClamp: Read = (k, file, buf, count, ppos) =>
      solution.devRead(
        k,
        { private_data: { ...file.private_data, size: file.private_data.data.length } },
        buf,
        count,
        ppos,
      );
    const zeroOnFault: Read = (k, file, buf, count, ppos) => {
      const r = solution.devRead(k, file, buf, count, ppos);
      return r === -EFAULT ? 0 : r;
    };
    const movesOnError: Read = (k, file, buf, count, ppos) => {
      const before = ppos.pos;
      const r = solution.devRead(k, file, buf, count, ppos);
      if (r < 0) ppos.pos = before + Math.min(count, Math.max(0, file.private_data.size - before));
      return r;
    };
    const noNegativeCheck: Read = (k, file, buf, count, ppos) =>
      ppos.pos < 0 ? 0 : solution.devRead(k, file, buf, count, ppos);
    const unclampedCopy: Read = (k, file, buf, count, ppos) => {
      if (count === 0 || ppos.pos >= file.private_data.size) return 0;
      const left = k.copy_to_user(buf, file.private_data.data.subarray(ppos.pos), count);
      return count - left;
    };
    const positiveErrno: Read = (k, file, buf, count, ppos) => Math.abs(solution.devRead(k, file, buf, count, ppos));
    const posNotMoved: Read = (k, file, buf, count, ppos) => solution.devRead(k, file, buf, count, { pos: ppos.pos });
    expect(failsOn("A buffer crossing into an unmapped page", efaultOnShort)).toMatch(/a partial copy is a short read/);
    expect(failsOn("A buffer crossing into an unmapped page", returnsLeft)).toMatch(/returns the bytes NOT copied/);
    expect(failsOn("count past the end", noClamp)).toMatch(/0xaa is the allocation past dev.size|clamp count/);
    expect(failsOn("A read-only user page", zeroOnFault)).toMatch(/"end of file"/);
    expect(failsOn("A kernel pointer as buf", movesOnError)).toMatch(/does not move/);
    expect(failsOn("A negative *ppos", noNegativeCheck)).toMatch(/-EINVAL/);
    expect(failsOn("A huge count", unclampedCopy)).toMatch(/read past the end of the kernel buffer/);
    expect(failsOn("A kernel pointer as buf", positiveErrno)).toMatch(/errors are negative/);
    expect(failsOn("count past the end", posNotMoved)).toMatch(/advance \*ppos by the/);
    expect(failsOn("A page still shared copy-on-write", efaultOnShort)).toBe("");
  });
});

describe("read-syscall's 60-read hidden differential", () => {
  type Read = typeof solution.devRead;
  /** The reference with its clamp and its copy as parameters. */
  const reader =
    (options: {
      atEof?: (pos: number, size: number) => boolean;
      clamp?: (count: number, left: number) => number;
      from?: (pos: number) => number;
      advance?: (copied: number, count: number) => number;
      returns?: (copied: number, count: number) => number;
      copy?: (k: Kernel, buf: bigint, from: Uint8Array, n: number) => number;
    }): Read =>
    (k, file, buf, count, ppos) => {
      const dev = file.private_data;
      const pos = ppos.pos;
      if (pos < 0) return -EINVAL;
      if ((options.atEof ? options.atEof(pos, dev.size) : pos >= dev.size) || count === 0) return 0;
      const n = options.clamp ? options.clamp(count, dev.size - pos) : Math.min(count, dev.size - pos);
      const from = dev.data.subarray(options.from ? options.from(pos) : pos);
      const notCopied = options.copy ? options.copy(k, buf, from, n) : k.copy_to_user(buf, from, n);
      if (notCopied === n) return -EFAULT;
      const copied = n - notCopied;
      ppos.pos = pos + (options.advance ? options.advance(copied, n) : copied);
      return options.returns ? options.returns(copied, n) : copied;
    };
  /** Copies at most to the end of buf's page: a driver that thinks one copy_to_user never crosses a page. */
  const onePage = (k: Kernel, buf: bigint, from: Uint8Array, n: number) => {
    const room = PAGE - Number(BigInt.asUintN(64, buf) % BigInt(PAGE));
    return n <= room ? k.copy_to_user(buf, from, n) : k.copy_to_user(buf, from, room) + (n - room);
  };

  // Plausible wrong read()s, one mistake each: every one must still fail for every seed.
  const wrong: Record<string, Read> = {
    "EOF only past the end (pos > size)": reader({ atEof: (pos, size) => pos > size }),
    "count clamped one byte too far": reader({ clamp: (count, left) => Math.min(count, left + 1) }),
    "count clamped one byte short": reader({ clamp: (count, left) => Math.min(count, Math.max(0, left - 1)) }),
    "copies from the start of the device, not *ppos": reader({ from: () => 0 }),
    "*ppos advanced by count, not by what was copied": reader({ advance: (_copied, n) => n }),
    "returns count, not what was copied": reader({ returns: (_copied, n) => n }),
    "a copy that stops at the end of buf's page": reader({ copy: onePage }),
    "count not clamped at all": reader({ clamp: (count) => count }),
  };

  it.each(Object.entries(wrong))("still fails a read() whose mistake is: %s", (_name, devRead) => {
    for (const seed of SEEDS) expect(failedBy(devRead, checks(seed)), seed).not.toEqual([]);
  });

  // The mistakes that only show at some positions and lengths: the two differentials alone still catch them.
  it.each(ALONE)("catch on their own: %s", (name) => {
    const devRead = wrong[name];
    if (!devRead) throw new Error(name);
    for (const seed of [...SEEDS, "learner-ken", "learner-barbara"]) {
      const differentials = checks(seed).filter((g) => g.name.startsWith("Differential"));
      expect(differentials).toHaveLength(2);
      expect(failedBy(devRead, differentials), seed).toEqual(differentials.map((g) => g.name));
    }
  });

  it("has every kind of count and *ppos, kernel pointers, and reads around every VMA boundary", () => {
    for (const seed of SEEDS) {
      const s = seededSpace(createRng(seed));
      const reads = randomReads(createRng(`reads ${seed}`), s.space.vmas, s.size, 60);
      const kernel = reads.filter((r) => BigInt(r.buf) > BigInt(USER_PTR_MAX));
      expect(kernel.length).toBeGreaterThanOrEqual(4);
      expect(reads.filter((r) => r.count <= 16).length).toBeGreaterThanOrEqual(15);
      expect(reads.filter((r) => r.pos >= s.size).length).toBeGreaterThanOrEqual(12);
      expect(reads.filter((r) => r.pos === 0).length).toBeGreaterThanOrEqual(10);
      for (const edge of s.space.vmas.flatMap((v) => [v.start, v.end])) {
        expect(reads.some((r) => Math.abs(Number(BigInt(r.buf)) - edge) <= 3 * PAGE + 64)).toBe(true);
      }
    }
  });
});

describe("read-syscall messages speak to the learner", () => {
  it("names the read, the page that stopped it and the expected short read", () => {
    const input = { buf: "0x10000ff0", count: 64, pos: 100 };
    const expectedAnswer: ReadAnswer = {
      returned: 16,
      pos: 116,
      stored: [{ at: "0x10000ff0", hex: "41".repeat(16) }],
      fault: { at: "0x10001000", reason: "is unmapped (no VMA)" },
      size: 5000,
    };
    const verdict = spec.compare(input, expectedAnswer, { ...expectedAnswer, returned: -EFAULT, pos: 100, stored: [] });
    expect(verdict.pass ? "" : verdict.message).toBe(
      "read(fd, 0x10000ff0, 64) at *ppos = 100: you returned -EFAULT (-14), but only 16 bytes of the 64 fit before 0x10001000, which is unmapped (no VMA): a short read: expected 16. Hint: a partial copy is a short read, not an error: return the bytes that were copied (count - copy_to_user's result).",
    );
  });

  it("explains stored bytes at the wrong address", () => {
    const base: ReadAnswer = {
      returned: 4,
      pos: 14,
      stored: [{ at: "0x1000", hex: "41424344" }],
      fault: null,
      size: 100,
    };
    const verdict = spec.compare({ buf: "0x1000", count: 4, pos: 10 }, base, {
      ...base,
      stored: [{ at: "0x100a", hex: "41424344" }],
    });
    expect(verdict.pass ? "" : verdict.message).toMatch(/first stored byte is at 0x100a, expected 0x1000/);
  });
});

describe("read-syscall adapter", () => {
  const fixture = new ReadSpace("adapter", 3000).map(0x10000, PAGE, RW).fixture();
  const prepared = adapter.prepare(fixture);
  const input = { buf: "0x10000", count: 4, pos: 0 };

  it("hands read() a device whose allocation past size is stale, and merges stores into runs", () => {
    const probe = (_k: Kernel, file: { private_data: { data: Uint8Array; size: number } }) =>
      file.private_data.data.length * 10000 + (file.private_data.data[3000] ?? 0);
    expect(adapter.call(probe, prepared, input).returned).toBe(4096 * 10000 + 0xaa);
    const twoCalls = (k: Kernel, file: { private_data: { data: Uint8Array } }, buf: bigint) =>
      k.copy_to_user(buf + 2n, file.private_data.data.subarray(2, 4), 2) +
      k.copy_to_user(buf, file.private_data.data, 2);
    const answer = adapter.call(twoCalls, prepared, input);
    expect(answer.stored).toEqual([
      { at: "0x10000", hex: Buffer.from(deviceBytes({ seed: "adapter", size: 3000 }).slice(0, 4)).toString("hex") },
    ]);
  });

  it("rejects malformed answers, over-reads and misuse of the API with a clear error", () => {
    const call = (f: unknown) => () => adapter.call(asEntry(f), prepared, input);
    expect(call(() => undefined)).toThrow(/negative errno \(a whole number\), got undefined/);
    expect(call(() => 0n)).toThrow(/not a bigint/);
    expect(call(async () => 0)).toThrow(/Promise/);
    const runaway = (k: Kernel, f: { private_data: { data: Uint8Array } }, buf: bigint) => {
      for (let i = 0; i < 3; i++) k.copy_to_user(buf, f.private_data.data, 4096);
      return 0;
    };
    expect(call(runaway)).toThrow(/runaway loop/);
    expect(call((k: Kernel) => k.copy_to_user(0x10000 as unknown as bigint, new Uint8Array(1), 1))).toThrow(
      /bigint user pointer/,
    );
    expect(call((k: Kernel, _f: unknown, buf: bigint) => k.copy_to_user(buf, new Uint8Array(2), 3))).toThrow(
      /read past the end/,
    );
    expect(
      call((_k: Kernel, _f: unknown, _b: bigint, _c: number, ppos: { pos: unknown }) => ((ppos.pos = "1"), 0)),
    ).toThrow(/ppos.pos must stay/);
  });
});
