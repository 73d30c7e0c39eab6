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
    // What the browser gets is the reference's answers as the exercise lets the browser see them.
    const forBrowser = definition.spec.answerForBrowser ?? ((value: unknown) => value);
    if (fresh.ok) {
      const shown = fresh.answers.map((answers) => answers.map((a) => (a.ok ? { ok: true, value: forBrowser(a.value) } : a)));
      expect(shown).toEqual(prepared.expected);
    }
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

describe("answerForBrowser", () => {
  const withholding = ids.filter((id) => exerciseCatalog[id]?.spec.answerForBrowser !== undefined);

  it.each(withholding)("%s: the browser's answers are withheld, the server's cached ones are not", (id) => {
    const definition = registryDefinitions()[id];
    if (!definition?.spec.answerForBrowser) throw new Error(`no answerForBrowser for ${id}`);
    const shown = preparePublicChecks(id, "learner-9").expected;
    const server = referenceAnswers(definition.spec, definition.adapter, definition.secrets.solution, definition.spec.publicChecks("learner-9"));
    if (!server.ok) throw new Error(server.message);
    expect(shown).not.toEqual(server.answers);
    // Asked again (now from the cache): the server's answers were not overwritten by the browser's.
    expect(preparePublicChecks(id, "learner-9").expected).toEqual(shown);
  });
});
