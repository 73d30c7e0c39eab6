/**
 * What the workspace remembers in the browser, per learner's device: the tab open on a narrow screen and the lesson
 * pane's share of a wide one. Both are applied before the first paint by `workspaceBootScript` (as the theme is), so
 * a reload never flashes the lesson before switching to the code.
 */
export const WORKSPACE_TABS = ["lesson", "task", "code", "results"] as const;
export type WorkspaceTab = (typeof WORKSPACE_TABS)[number];

export const TAB_STORAGE_KEY = "pagewise-workspace-tab";
export const SPLIT_STORAGE_KEY = "pagewise-workspace-split";

/** The lesson pane's share of the width, in percent: wide enough to read, never so wide that the editor is cramped. */
export const SPLIT_MIN = 25;
export const SPLIT_MAX = 70;
export const SPLIT_DEFAULT = 46;

/** The width at which lesson and exercise stop sitting side by side and become tabs (keep in step with workspace.css). */
export const NARROW_QUERY = "(max-width: 899.98px)";

export function isWorkspaceTab(value: unknown): value is WorkspaceTab {
  return typeof value === "string" && (WORKSPACE_TABS as readonly string[]).includes(value);
}

export function clampSplit(value: number): number {
  if (!Number.isFinite(value)) return SPLIT_DEFAULT;
  return Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, Math.round(value * 10) / 10));
}

/** Writes the tab where the stylesheet reads it (`:root[data-workspace-tab]`) and remembers it. */
export function applyTab(tab: WorkspaceTab): void {
  document.documentElement.dataset.workspaceTab = tab;
  try {
    localStorage.setItem(TAB_STORAGE_KEY, tab);
  } catch {
    // Private mode or storage full: the tab still switches, it is only not remembered.
  }
}

export function applySplit(percent: number, remember: boolean): void {
  document.documentElement.style.setProperty("--workspace-split", `${clampSplit(percent)}%`);
  if (!remember) return;
  try {
    localStorage.setItem(SPLIT_STORAGE_KEY, String(clampSplit(percent)));
  } catch {
    // As above: not remembered, still applied.
  }
}

export function storedTab(): WorkspaceTab {
  const value = document.documentElement.dataset.workspaceTab;
  return isWorkspaceTab(value) ? value : "lesson";
}

export function storedSplit(): number {
  const value = getComputedStyle(document.documentElement).getPropertyValue("--workspace-split");
  return value ? clampSplit(Number.parseFloat(value)) : SPLIT_DEFAULT;
}

/** Runs before paint (app/layout.tsx): restores the tab and the split, ignoring anything stored that is not valid. */
export const workspaceBootScript = `(function(){try{var d=document.documentElement,t=localStorage.getItem("${TAB_STORAGE_KEY}");if(${JSON.stringify(WORKSPACE_TABS)}.indexOf(t)>=0)d.dataset.workspaceTab=t;var s=parseFloat(localStorage.getItem("${SPLIT_STORAGE_KEY}")||"");if(s>=${SPLIT_MIN}&&s<=${SPLIT_MAX})d.style.setProperty("--workspace-split",s+"%")}catch(e){}})();`;
