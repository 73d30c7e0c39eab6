"use client";

import { useSyncExternalStore } from "react";

/**
 * Whether a media query matches, followed live. The server (and the hydrating first render) answer `serverValue`;
 * layout itself is CSS's job, this only serves the roles and behaviour that differ between layouts.
 */
export function useMediaQuery(query: string, serverValue = false): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => matchMedia(query).matches,
    () => serverValue,
  );
}
