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
    "adapter.ts": `import type { ExerciseAdapter, FixtureWire } from "../../../../../../contract/exercise";

// Runs in the sandbox beside the learner's code: calls pageNumber(va) for one case and copies the answer out as a
// plain number, or throws an Error the learner can read.

class Prepared {}

/** Cases carry their own address, so a fixture holds nothing. */
function prepare(_fixture: FixtureWire): Prepared {
  return new Prepared();
}

/** Calls the learner's pageNumber(va) for one case ({ va }) and checks that the answer is a whole number. */
function call(entry: (...args: never[]) => unknown, prepared: unknown, input: Record<string, unknown>): number {
  if (!(prepared instanceof Prepared)) throw new Error("${id} adapter: call() needs what prepare() returned");
  if (typeof input.va !== "number") throw new Error("${id} adapter: input va must be a number");
  // The kit types every entry as (...args: never[]) => unknown; this one is the learner's pageNumber().
  const answer = (entry as unknown as (va: number) => unknown)(input.va);
  if (typeof answer !== "number" || !Number.isSafeInteger(answer)) {
    throw new Error(\`pageNumber returned \${typeof answer === "object" ? "an object" : String(answer)}; return a whole number\`);
  }
  return answer;
}

export const adapter: ExerciseAdapter = { prepare, call };
`,
    "spec.ts": `import { z } from "zod";
import {
  exerciseSettingsSchema,
  type CheckGroup,
  type Comparison,
  type ExerciseSpec,
} from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import settingsJson from "./settings.json";

// ${id}: public parts. How answers are judged, what the messages say, and the learner's own seeded checks.

/** settings.json, validated once when the spec loads (a broken file fails every import loudly). */
export const settings = exerciseSettingsSchema.parse(settingsJson);

const inputSchema = z.object({ va: z.number().int().min(0).max(0xffffffff) }).strict();
const hex = (n: number) => \`0x\${n.toString(16)}\`;

/** One check: one case per address. Cases need no fixture data. */
export function checkGroup(name: string, points: number, visibility: CheckGroup["visibility"], addresses: number[]): CheckGroup {
  return {
    name,
    points,
    visibility,
    fixtures: [{ frames: [], bytes: new Uint8Array(0), meta: {} }],
    cases: addresses.map((va) => ({ fixture: 0, input: { va } })),
  };
}

/** A 32-bit address from a seeded random source. */
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

function compare(input: Record<string, unknown>, expected: number, actual: number): Comparison {
  if (expected === actual) return { pass: true };
  const { va } = inputSchema.parse(input);
  const hint = actual < 0 ? " (a negative number: use >>> for an unsigned shift)" : "";
  return { pass: false, message: \`pageNumber(\${hex(va)}): you returned \${hex(actual)}\${hint}, expected \${hex(expected)}.\` };
}

export const spec: ExerciseSpec<number> = {
  settings,
  outputSchema: z.number().int(),
  compare,
  publicChecks,
};
`,
    "hidden.ts": `import type { CheckGroup } from "../../../../../../contract/exercise";
import { checkGroup, randomAddresses } from "./spec";

// Server only: the edge cases (the top of the address space, where a signed shift goes negative) and a
// differential check on a fresh seed for every submission.

export function hiddenChecks(seed: string): CheckGroup[] {
  return [checkGroup("Addresses from 0x80000000 up (the sign bit)", 1, "hidden", [0x80000000, 0xfffff000, 0xffffffff]),
    checkGroup("Differential: 20 fresh random addresses", 1, "hidden", randomAddresses(\`${id} hidden:\${seed}\`, 20)),
  ];
}
`,
  };
}
