import { describe, expect, it } from "vitest";
import { exerciseCatalog } from "../content/catalog";
import { registryDefinitions } from "./catalog-registry";
import { referenceAnswers } from "./pipeline/reference";
import { preparePublicChecks } from "./public-checks";

// What the web server embeds for the browser's Run worker: public checks only, with valid expected answers,
// the same for the same seed (computed afresh, not just served from the cache). Generating a machine can take a
// few hundred ms on a busy 2-core runner, hence the generous per-test timeout (a bound, not a timing assertion).

const ids = Object.keys(exerciseCatalog);

describe.each(ids)("preparePublicChecks(%s)", (id) => {
  const entry = exerciseCatalog[id];
  if (!entry) throw new Error(`no catalog entry for ${id}`);
  const { spec } = entry;
  const prepared = preparePublicChecks(id, "learner-7");

  it("returns public checks only, one expected answer per case", () => {
    expect(prepared.groups.length).toBeGreaterThan(0);
    for (const group of prepared.groups) expect(group.visibility).toBe("public");
    expect(prepared.expected.map((answers) => answers.length)).toEqual(prepared.groups.map((group) => group.cases.length));
  });

  it("gives expected answers that are all ok and satisfy the spec's output schema", () => {
    for (const answers of prepared.expected) {
      for (const answer of answers) {
        expect(answer.ok).toBe(true);
        if (answer.ok) expect(spec.outputSchema.safeParse(answer.value).success).toBe(true);
      }
    }
  });

  it("gives the same checks and answers for the same seed, computed afresh", () => {
    const definition = registryDefinitions()[id];
    if (!definition) throw new Error(`no definition for ${id}`);
    const groups = definition.spec.publicChecks("learner-7");
    const fresh = referenceAnswers(definition.spec, definition.adapter, definition.secrets.solution, groups);
    expect(fresh.ok).toBe(true);
    expect(groups).toEqual(prepared.groups);
    if (fresh.ok) expect(fresh.answers).toEqual(prepared.expected);
    expect(preparePublicChecks(id, "learner-7")).toEqual(prepared);
  }, 30_000);

  it("gives different data for a different seed", () => {
    expect(preparePublicChecks(id, "learner-8").groups).not.toEqual(prepared.groups);
  });
});

describe("preparePublicChecks errors", () => {
  it("throws for an unknown exercise", () => {
    expect(() => preparePublicChecks("no-such-exercise", "1")).toThrow(/Unknown exercise "no-such-exercise"/);
  });
});
