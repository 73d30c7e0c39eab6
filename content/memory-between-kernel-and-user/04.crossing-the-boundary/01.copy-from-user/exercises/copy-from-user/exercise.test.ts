import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { FixtureWire } from "../../../../../../contract/exercise";
import { checkedReference, exerciseTests } from "../../../../../kit/testing/exercise-tests";
import { asEntry } from "../../../../../kit/testing/judge-group";
import { copyFromUser as simCopyFromUser, createRng } from "../../../../../../sim/index";
import { adapter, buildMm, GUARD_BYTES, STALE_BYTE, type CopyAnswer, type UserAccess } from "./adapter";
import { hiddenChecks } from "./hidden";
import * as solution from "./solution";
import { spec } from "./spec";
import { copyInputSchema } from "./spec-input";
import { hexPointer, PAGE, randomCopies, RW, seededSpace, UserSpace } from "./spec-space";
import * as starter from "./starter";

// The unit project does not apply vitest.config.ts's top-level alias; nothing here imports it, but keep the
// learners' module mapped like every exercise test does.
vi.mock("@pagewise/sim", () => import("../../../../../../sim/learner-api"));

/** sim's own copy_from_user on a fresh mm of the fixture: the oracle, as bytes not copied and the buffer in hex. */
function oracle(fixture: FixtureWire, from: bigint, n: number): { notCopied: number; dest: string } {
  const mm = buildMm(fixture);
  const to = new Uint8Array(n + GUARD_BYTES).fill(STALE_BYTE);
  const smap = fixture.meta.smap === true;
  const notCopied = simCopyFromUser(mm, to, from, n, { smap });
  return { notCopied, dest: Buffer.from(to).toString("hex") };
}

/** Checks are judged against the reference through the adapter, which must agree with sim's copyFromUser. */
const { expectCheckBasics, expectPassedBy, expectFailedByEveryDifferential, failedBy, checks, mistakes } =
  exerciseTests(
    { spec, adapter, hiddenChecks },
    checkedReference(spec, adapter, solution.copyFromUser, (answer, kase, fixture) => {
      const input = copyInputSchema.parse(kase.input);
      expect({ notCopied: answer.notCopied, dest: answer.dest }).toEqual(oracle(fixture, BigInt(input.from), input.n));
    }),
  );

const SEEDS = ["learner-ada", "learner-grace", "learner-linus"];

/** A learner's copy_from_user, as the wrong ones below are written. */
type Copy = (k: UserAccess, to: Uint8Array, from: bigint, n: number) => number;

/** Wrong: copies around a fault instead of stopping at it. */
const skipFaults: Copy = (k, to, from, n) => {
  to.fill(0, 0, n);
  if (!k.accessOk(from, n)) return n;
  let missed = 0;
  for (let i = 0; i < n; i++) {
    const b = k.userByte(from + BigInt(i));
    if (b === "fault") missed++;
    else to[i] = b;
  }
  return missed;
};

/** Wrong: returns the bytes copied, not the bytes left. */
const returnsCopied: Copy = (k, to, from, n) => n - solution.copyFromUser(k, to, from, n);

describe("copy-from-user reference solution", () => {
  it("agrees with sim's copyFromUser on random copies in random address spaces", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 2 ** 31 }), (seed, salt) => {
        const rng = createRng(`${seed}:${salt}`);
        const s = seededSpace(rng.fork("space"));
        const fixture = s.space.fixture(rng.chance(0.5));
        for (const input of randomCopies(rng.fork("copies"), s.space.vmas, 8)) {
          const from = BigInt(input.from);
          const mm = buildMm(fixture);
          const k: UserAccess = {
            accessOk: (ptr, n) => adapterAccessOk(ptr, n),
            userByte: (ptr) => {
              const to = new Uint8Array(1);
              return simCopyFromUser(mm, to, ptr, 1) === 0 ? (to[0] ?? 0) : "fault";
            },
          };
          const to = new Uint8Array(input.n + GUARD_BYTES).fill(STALE_BYTE);
          const notCopied = solution.copyFromUser(k, to, from, input.n);
          expect({ notCopied, dest: Buffer.from(to).toString("hex") }).toEqual(oracle(fixture, from, input.n));
        }
      }),
      { numRuns: 150, seed: 0xc0f },
    );
  });

  it("agrees with sim on arbitrary 64-bit pointers around a small space, wrap-around included", () => {
    const space = new UserSpace().map(0x10000, 2 * PAGE, RW).fixture();
    const prepared = adapter.prepare(space);
    fc.assert(
      fc.property(fc.bigUint64Array({ minLength: 1, maxLength: 1 }), fc.integer({ min: 0, max: 300 }), ([raw], n) => {
        const input = { from: hexPointer(raw ?? 0n), n };
        const answer = adapter.call(solution.copyFromUser, prepared, input);
        expect({ notCopied: answer.notCopied, dest: answer.dest }).toEqual(oracle(space, BigInt(input.from), n));
      }),
      { numRuns: 300, seed: 0x64 },
    );
  });
});

// Today's x86-64 access_ok, as the adapter gives it (sim's default rule), for the property test's hand-made k.
function adapterAccessOk(ptr: bigint, n: number): boolean {
  const sum = (ptr + BigInt(n)) & ((1n << 64n) - 1n);
  return sum <= 0x7ffffffff000n && sum >= ptr;
}

describe("copy-from-user checks", () => {
  it("give exactly settings.points, public ones deterministic per seed and different across seeds", () => {
    expectCheckBasics({ seededPublic: 4, publicCount: 5 });
  });

  it("are all passed by the reference solution, judged through the adapter against sim's copyFromUser", () => {
    expectPassedBy(solution.copyFromUser, SEEDS);
  });

  it("are failed by the starter code", () => {
    expect(failedBy(starter.copyFromUser, checks("starter", "starter")).length).toBeGreaterThanOrEqual(6);
  });

  it("each edge-case check catches the mistake it is named after", () => {
    const failsOn = mistakes();
    const noAccessOk: Copy = (k, to, from, n) =>
      solution.copyFromUser({ accessOk: () => true, userByte: (p) => k.userByte(p) }, to, from, n);
    const noZeroFill: Copy = (k, to, from, n) => {
      let i = 0;
      if (k.accessOk(from, n)) {
        for (; i < n; i++) {
          const b = k.userByte(from + BigInt(i));
          if (b === "fault") break;
          to[i] = b;
        }
      }
      return n - i;
    };
    const returnsEfault: Copy = (k, to, from, n) => (solution.copyFromUser(k, to, from, n) === 0 ? 0 : -14);
    expect(failsOn("§3.3 cases 3, 4 and 7", noAccessOk)).toMatch(/without reading a single user byte/);
    expect(failsOn("§3.3 case 1", noZeroFill)).toMatch(/zero-fills the bytes it could not copy/);
    expect(failsOn("§3.3 case 2", skipFaults)).toMatch(/PROT_NONE|unmapped/);
    expect(failsOn("§3.3 case 1", returnsCopied)).toMatch(/returns the bytes NOT copied/);
    expect(failsOn("§3.3 case 1", returnsEfault)).toMatch(/never returns -EFAULT/);
    expect(failsOn("Exact ends", noAccessOk)).toMatch(/USER_PTR_MAX/);
  });
});

describe("copy-from-user's shorter differentials", () => {
  /** The reference's loop, with where it stops and how it ends as parameters. */
  const copier =
    (options: {
      check?: (k: UserAccess, from: bigint, n: number) => boolean;
      stop?: (from: bigint, copied: number) => boolean;
      onFault?: (from: bigint, copied: number) => number;
      end?: (n: number) => number;
      fill?: (to: Uint8Array, copied: number, n: number) => void;
    }): Copy =>
    (k, to, from, n) => {
      if (n === 0) return 0;
      let copied = 0;
      if ((options.check ?? ((kk, f, nn) => kk.accessOk(f, nn)))(k, from, n)) {
        const end = options.end ? options.end(n) : n;
        while (copied < end && !options.stop?.(from, copied)) {
          const byte = k.userByte(from + BigInt(copied));
          if (byte === "fault") {
            copied = options.onFault ? options.onFault(from, copied) : copied;
            break;
          }
          to[copied] = byte;
          copied++;
        }
      }
      (options.fill ?? ((t, c, nn) => t.fill(0, c, nn)))(to, copied, n);
      return n - Math.min(copied, n);
    };

  // Plausible wrong copies, one mistake each: the bugs the 40- and 150-copy differentials and the edge checks were
  // there to catch. Every one must still fail for every seed.
  const wrong: Record<string, Copy> = {
    "counts the faulting byte as copied": copier({ onFault: (_f, copied) => copied + 1 }),
    "gives up the last byte before a fault": copier({ onFault: (_f, copied) => Math.max(0, copied - 1) }),
    "drops the whole page a fault ends (page-granular copy)": copier({
      // Keeps only the bytes before the start of the page that holds the last byte copied.
      onFault: (from, copied) => Math.max(0, copied - 1 - Number((from + BigInt(copied - 1)) % 4096n)),
    }),
    "stops at the end of the first page": copier({
      stop: (from, copied) => copied > 0 && (from + BigInt(copied)) % 4096n === 0n,
    }),
    "reads one byte too many": copier({ end: (n) => n + 1 }),
    "zero-fills past n": copier({ fill: (to, copied) => to.fill(0, copied) }),
    "never zero-fills": copier({ fill: () => undefined }),
    "checks access_ok for one byte only": copier({ check: (k, from) => k.accessOk(from, 1) }),
    "reads the first byte before access_ok": (k, to, from, n) => {
      if (n > 0) k.userByte(from);
      return solution.copyFromUser(k, to, from, n);
    },
    "skips a faulting page and goes on": skipFaults,
    "returns the bytes copied": returnsCopied,
  };

  it.each(Object.entries(wrong))("still fail a copy whose mistake is: %s", (_name, copy) => {
    for (const seed of SEEDS) expect(failedBy(copy, checks(seed)), seed).not.toEqual([]);
  });

  // Mistakes where a copy meets a VMA's edge, which is where the differentials start their copies: the new
  // differentials alone still catch them. (A copy that stops at its first page boundary is caught by the fixed
  // multi-page copies: its copies that cross a page inside a VMA end at a fault.)
  it.each([
    "counts the faulting byte as copied",
    "gives up the last byte before a fault",
    "drops the whole page a fault ends (page-granular copy)",
    "reads one byte too many",
    "skips a faulting page and goes on",
  ])("catch on their own: %s", (name) => {
    const copy = wrong[name];
    if (!copy) throw new Error(name);
    expectFailedByEveryDifferential(copy, SEEDS, 2);
  });
});

describe("copy-from-user messages speak to the learner", () => {
  const answer = (notCopied: number, dest: string, userReads = 300): CopyAnswer => ({
    notCopied,
    dest,
    userReads,
    firstFault: null,
  });

  it("says which page stopped the copy and what the tail must be", () => {
    const input = { from: "0x7f0000000f80", n: 300 };
    const expected: CopyAnswer = {
      ...answer(172, "00"),
      firstFault: { at: "0x7f0000001000", reason: "is unmapped (no VMA)" },
    };
    const verdict = spec.compare(input, expected, answer(0, "00"));
    expect(verdict.pass ? "" : verdict.message).toBe(
      "Copying 300 bytes from 0x7f0000000f80: you returned 0 (everything copied), but the page at 0x7f0000001000 is unmapped (no VMA): expected 172 bytes not copied, and dest[128..299] zero.",
    );
  });

  it("explains refused ranges and writes past n", () => {
    const refused = spec.compare({ from: "0xfffffffffffffff0", n: 64 }, answer(64, "00", 0), answer(64, "00", 1));
    expect(refused.pass ? "" : refused.message).toMatch(/wraps past 2\^64.*you called k.userByte 1 times/);
    const past = spec.compare({ from: "0x1000", n: 1 }, answer(0, "41aa"), answer(0, "4100"));
    expect(past.pass ? "" : past.message).toMatch(/dest\[1\] is 0x00: you wrote past the 1 bytes/);
  });
});

describe("copy-from-user adapter", () => {
  const fixture = new UserSpace().map(0x10000, PAGE, RW).fixture();
  const prepared = adapter.prepare(fixture);
  const input = { from: "0x10000", n: 4 };

  it("gives the learner a buffer of stale bytes and counts user reads", () => {
    const answer = adapter.call((_k: UserAccess, to: Uint8Array) => to.length, prepared, input);
    expect(answer).toEqual({
      notCopied: 4 + GUARD_BYTES,
      dest: "aa".repeat(4 + GUARD_BYTES),
      userReads: 0,
      firstFault: null,
    });
  });

  it("records why the first read faulted", () => {
    const answer = adapter.call(solution.copyFromUser, prepared, { from: "0xfff0", n: 32 });
    expect(answer.notCopied).toBe(32);
    expect(answer.firstFault).toEqual({ at: "0xfff0", reason: "is unmapped (no VMA)" });
  });

  it("rejects malformed answers and misuse of the API with a clear error", () => {
    const call = (f: unknown) => () => adapter.call(asEntry(f), prepared, input);
    expect(call(() => undefined)).toThrow(/bytes not copied \(a whole number\), got undefined/);
    expect(call(() => 0n)).toThrow(/not a bigint/);
    expect(call(async () => 0)).toThrow(/Promise/);
    expect(call((k: UserAccess) => k.userByte(0x10000 as unknown as bigint))).toThrow(
      /bigint pointer \(write from \+ BigInt\(i\)\)/,
    );
    expect(call((k: UserAccess) => (k.accessOk(0n, -1) ? 0 : 1))).toThrow(/length in bytes/);
  });
});
