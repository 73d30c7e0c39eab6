"use client";

import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type FocusEvent, type ReactNode } from "react";

/**
 * The header's links and buttons. On a wide screen they sit in the bar as they are; below 40rem (app/globals.css)
 * they fold behind a "Menu" button and open as a panel laid over the page, so opening it moves nothing below.
 * Escape closes it and puts focus back on the button; so do a click outside, focus leaving it, and navigation.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const pathname = usePathname();
  // The menu is open for the page it was opened on: following one of its links closes it with no effect to run.
  const [openOnPath, setOpenOnPath] = useState<string | null>(null);
  const isOpen = openOnPath === pathname;

  useEffect(() => {
    if (!isOpen) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape") return;
      setOpenOnPath(null);
      buttonRef.current?.focus();
    }
    function onPointerDown(event: PointerEvent) {
      if (event.target instanceof Node && wrapperRef.current?.contains(event.target)) return;
      setOpenOnPath(null);
    }
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, [isOpen]);

  // Tabbing out of the open menu closes it, so it never hides the page behind a keyboard user's focus.
  function onBlur(event: FocusEvent<HTMLDivElement>) {
    if (event.relatedTarget instanceof Node && wrapperRef.current?.contains(event.relatedTarget)) return;
    if (event.relatedTarget !== null) setOpenOnPath(null);
  }

  return (
    <div className="site-menu-wrapper" ref={wrapperRef} onBlur={onBlur}>
      <button
        ref={buttonRef}
        type="button"
        className="button ghost menu-toggle"
        aria-expanded={isOpen}
        aria-controls={menuId}
        onClick={() => setOpenOnPath(isOpen ? null : pathname)}
      >
        <span aria-hidden="true">{isOpen ? "✕" : "☰"}</span>
        Menu
      </button>
      <div id={menuId} className="site-menu" data-open={isOpen}>
        {children}
      </div>
    </div>
  );
}
