// The files `npm run content:new` writes. A new exercise is a small, complete, working one (the page number of a
// 32-bit address) so that content:check passes from the first minute; the author then replaces the task and keeps
// the shape: which file does what, who may see it, how checks are seeded.

export interface LessonTemplate {
  title: string;
  summary: string;
}

/** A YAML-and-loader-safe frontmatter value: bare when plain, else a JSON string (content/README.md). */
function frontmatterValue(value: string): string {
  const plain = /^[A-Za-z][^:#"'`{}[\]|>*&!%@,]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** lesson.mdx: frontmatter, a heading, and the shape of a lesson. */
export function lessonMdx({ title, summary }: LessonTemplate): string {
  return `---
title: ${frontmatterValue(title)}
summary: ${frontmatterValue(summary)}
---

# ${title}

Open with the question this lesson answers, in one or two sentences a C programmer would ask.

## A worked example

Show one real case with real numbers, for example the address \`0xc0101234\`: its page number is \`0xc0101\` and
its offset in the page \`0x234\`.

<Callout kind="tip" title="Try it">
Say what the learner should try in the exercise beside the lesson.
</Callout>
`;
}

export interface ExerciseTemplate {
  id: string;
  title: string;
}

/** Every file of a new exercise folder, by name. */
export function exerciseFiles({ id, title }: ExerciseTemplate): Record<string, string> {
  return {
    "settings.json": `${JSON.stringify(
      {
        id,
        title,
        points: 4,
        entry: "pageNumber",
        limits: { cpuTimeMs: 2000, wallTimeMs: 5000, perCheckTimeoutMs: 1000, memoryMb: 64 },
        attempts: null,
      },
      null,
      2,
    )}\n`,
    "prompt.mdx": `# ${title}

Write the function that returns the page number of a 32-bit virtual address: the address without its 12 offset bits.

\`\`\`ts
export function pageNumber(va: number): number;
\`\`\`

\`va\` is an unsigned 32-bit address as a plain \`number\` (0 to \`0xffffffff\`). For example \`pageNumber(0xc0101234)\`
is \`0xc0101\`.
`,
    "starter.ts": `// Return the page number of va: the address shifted right by 12 bits (PAGE_SHIFT).
export function pageNumber(va: number): number {
  return va;
}
`,
    "solution.ts": `import { PAGE_SHIFT } from "@pagewise/sim";

// The reference: an unsigned shift, so that addresses from 0x80000000 up stay positive.
export function pageNumber(va: number): number {
  return va >>> PAGE_SHIFT;
}
`,
    "adapter.ts": `import { inputChecks, requireReturnedNumber } from "../../../../../kit/adapter-values";
import { defineCaseAdapter } from "../../../../../kit/define-adapter";

// Runs in the sandbox beside the learner's code: calls pageNumber(va) for one case and copies the answer out as a
// plain number, or throws an Error the learner can read. It imports only sim/ and the kit's pure helpers.

/** The learner's function as the adapter calls it: what it returns is checked, never trusted. */
type PageNumber = (va: number) => unknown;

const { requireU32 } = inputChecks("${id} adapter");

/**
 * Calls the learner's pageNumber(va) for one case ({ va }) and checks that the answer is a whole number. Cases carry
 * their own address, so a fixture holds nothing (defineAdapter({ prepare, call }) when cases share a machine).
 */
function call(pageNumber: PageNumber, input: Record<string, unknown>): number {
  const va = requireU32(input.va, "input va");
  return requireReturnedNumber(pageNumber(va), {
    fn: "pageNumber",
    returning: "a number",
    mustReturn: "the page number (a whole number)",
  });
}

export const adapter = defineCaseAdapter(call);
`,
    "spec.ts": `import { z } from "zod";
import { selfContainedCheckGroupOf } from "../../../../../kit/check-group";
import { compareBy, defineSpec } from "../../../../../kit/define-spec";
import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import settingsJson from "./settings.json";

// ${id}: public parts. How answers are judged, what the messages say, and the learner's own seeded checks.

const inputSchema = z.object({ va: z.number().int().min(0).max(0xffffffff) }).strict();
type Input = z.infer<typeof inputSchema>;
const hex = (n: number) => \`0x\${n.toString(16)}\`;

/** One check: one case per address, each parsed by the input schema. Cases need no fixture data. */
export const checkGroup = selfContainedCheckGroupOf((va: number) => inputSchema.parse({ va }));

/** 32-bit addresses from a seeded random source. */
export function randomAddresses(seed: string, count: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => rng.int(0, 0xffff) * 0x10000 + rng.int(0, 0xffff));
}

function publicChecks(seed: string): CheckGroup[] {
  return [
    checkGroup("The prompt's example and the first pages", 1, "public", [0, 0xfff, 0x1000, 0xc0101234]),
    checkGroup("Differential: 20 addresses of your own seed", 1, "public", randomAddresses(\`${id} public:\${seed}\`, 20)),
  ];
}

/** The message for a wrong answer: what was asked, what came back, what was expected, and a hint. */
function explain({ va }: Input, expected: number, actual: number): string {
  const hint = actual < 0 ? " (a negative number: use >>> for an unsigned shift)" : "";
  return \`pageNumber(\${hex(va)}): you returned \${hex(actual)}\${hint}, expected \${hex(expected)}.\`;
}

export const spec = defineSpec({
  settings: settingsJson,
  outputSchema: z.number().int(),
  compare: compareBy(inputSchema.parse, (expected, actual) => expected === actual, explain),
  publicChecks,
});
`,
    "hidden.ts": `import type { CheckGroup } from "../../../../../../contract/exercise";
import { checkGroup, randomAddresses } from "./spec";

// Server only: the edge cases (the top of the address space, where a signed shift goes negative) and a
// differential check on a fresh seed for every submission.

export function hiddenChecks(seed: string): CheckGroup[] {
  return [
    checkGroup("Addresses from 0x80000000 up (the sign bit)", 1, "hidden", [0x80000000, 0xfffff000, 0xffffffff]),
    checkGroup("Differential: 20 fresh random addresses", 1, "hidden", randomAddresses(\`${id} hidden:\${seed}\`, 20)),
  ];
}
`,
    "exercise.test.ts": `import { describe, expect, it, vi } from "vitest";
import { emptyFixture } from "../../../../../kit/check-group";
import { exerciseTests } from "../../../../../kit/testing/exercise-tests";
import { referenceAnswer } from "../../../../../kit/testing/judge-group";
import { adapter } from "./adapter";
import { hiddenChecks } from "./hidden";
import * as solution from "./solution";
import { spec } from "./spec";
import * as starter from "./starter";

// The unit project does not resolve "@pagewise/sim" by itself: map the learners' module here.
vi.mock("@pagewise/sim", () => import("../../../../../../sim/learner-api"));

const { expectCheckBasics, expectPassedBy, failedBy, checks, mistakes } = exerciseTests(
  { spec, adapter, hiddenChecks },
  referenceAnswer(spec, adapter, solution.pageNumber),
);

describe("${id} reference solution", () => {
  it("gives the prompt's example", () => {
    expect(solution.pageNumber(0xc0101234)).toBe(0xc0101);
  });
});

describe("${id} checks", () => {
  it("give exactly settings.points, deterministic per seed and different across seeds", () => {
    expectCheckBasics({ seededPublic: -1, seededHidden: -1 });
  });

  it("are all passed by the reference solution, judged through the adapter", () => {
    expectPassedBy(solution.pageNumber, ["learner-ada", "learner-grace", "learner-linus"]);
  });

  it("are failed by the starter code", () => {
    expect(failedBy(starter.pageNumber, checks("starter")).length).toBeGreaterThanOrEqual(1);
  });

  it("each edge-case check catches the mistake it is named after", () => {
    const failsOn = mistakes<(va: number) => number>();
    expect(failsOn("Addresses from 0x80000000 up", (va) => va >> 12)).toMatch(/use >>> for an unsigned shift/);
  });
});

describe("${id} adapter", () => {
  it("rejects an answer that is not a whole number with a clear error", () => {
    const call = (f: (va: number) => unknown) => () => adapter.call(f, adapter.prepare(emptyFixture()), { va: 0x1000 });
    expect(call(() => "1")).toThrow(/pageNumber must return the page number \\(a whole number\\), got "1"/);
    expect(call(async () => 1)).toThrow(/Promise/);
  });
});
`,
  };
}
