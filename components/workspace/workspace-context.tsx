"use client";

import { createContext, useContext } from "react";
import type { WorkspaceTab } from "./workspace-storage";

export interface WorkspaceState {
  /** Lesson and exercise are tabs (narrow screen) rather than side by side. */
  narrow: boolean;
  tab: WorkspaceTab;
  /** Opens a tab on a narrow screen (a no-op for what is already in view on a wide one) and moves focus into it. */
  show(tab: WorkspaceTab, options?: { focus?: boolean }): void;
}

const WorkspaceContext = createContext<WorkspaceState | null>(null);
export const WorkspaceProvider = WorkspaceContext.Provider;

/** The surrounding workspace, or null for an exercise panel rendered on its own (an instructor's page). */
export function useWorkspace(): WorkspaceState | null {
  return useContext(WorkspaceContext);
}

/** Where each tab's content lives for one exercise: the exercise panel sets these ids, the tabs and skip links use them. */
export function partId(tab: Exclude<WorkspaceTab, "lesson">, exerciseId: string): string {
  return `${tab}-${exerciseId}`;
}
