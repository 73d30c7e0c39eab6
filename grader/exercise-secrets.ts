import type { ExerciseSecrets } from "../content/kit/exercise";
import { hiddenChecks as classifyAddressHidden } from "../content/memory-between-kernel-and-user/01.address-spaces/01.virtual-address-spaces/exercises/classify-address/hidden";
import * as classifyAddressSolution from "../content/memory-between-kernel-and-user/01.address-spaces/01.virtual-address-spaces/exercises/classify-address/solution";
import { hiddenChecks as walk32Hidden } from "../content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32/hidden";
import * as walk32Solution from "../content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32/solution";

// Server only: every exercise's reference solution and hidden checks, by exercise id (the keys of
// content/catalog.ts). Only the grader imports this file; nothing here may reach the browser.

export const exerciseSecrets: Readonly<Record<string, ExerciseSecrets>> = {
  "classify-address": { solution: { ...classifyAddressSolution }, hiddenChecks: classifyAddressHidden },
  "walk-32": { solution: { ...walk32Solution }, hiddenChecks: walk32Hidden },
};
