import { getMDXComponent } from "mdx-bundler/client";
import { createElement, type ComponentProps } from "react";
import { Callout } from "./callout";
import { MdxCodeBlock, MdxTable } from "./mdx-blocks";
import { CopyFromUserStepper } from "../widgets/copy-from-user-stepper/copy-from-user-stepper";
import { PhysicalMemoryBar } from "../widgets/physical-memory-bar/physical-memory-bar";
import { VmaDiagram } from "../widgets/vma-diagram/vma-diagram";
import { AddressSpaceMap } from "../widgets/address-space-map/address-space-map";
import { PageDirectoryGrid } from "../widgets/page-directory-grid/page-directory-grid";
import { PageWalkStepper } from "../widgets/page-walk-stepper/page-walk-stepper";
import { MmapAttackMap } from "../widgets/mmap-attack-map/mmap-attack-map";

/**
 * The components a lesson may use, by the names MDX sees, and the HTML elements drawn our way: tables and code
 * blocks scroll inside a focusable box instead of widening the page.
 */
export const mdxComponents = {
  Callout,
  PhysicalMemoryBar,
  CopyFromUserStepper,
  VmaDiagram,
  AddressSpaceMap,
  PageWalkStepper,
  PageDirectoryGrid,
  MmapAttackMap,
  table: MdxTable,
  pre: MdxCodeBlock,
};

type HeadingTag = "h1" | "h2" | "h3" | "h4" | "h5" | "h6";
const headingTags: HeadingTag[] = ["h1", "h2", "h3", "h4", "h5", "h6"];

/** Maps # .. ###### to deeper levels, so a prompt's own headings sit under the page's. */
function shiftedHeadings(offset: number) {
  return Object.fromEntries(
    headingTags.map((tag, index) => {
      const target = headingTags[Math.min(index + offset, headingTags.length - 1)] ?? "h6";
      return [tag, (props: ComponentProps<"h1">) => createElement(target, props)];
    }),
  );
}

/** Renders compiled MDX (a server component: a lesson's prose costs the browser no JavaScript). */
export function MdxContent({ code, headingLevelOffset = 0 }: { code: string; headingLevelOffset?: number }) {
  const Component = getMDXComponent(code);
  const components =
    headingLevelOffset > 0 ? { ...mdxComponents, ...shiftedHeadings(headingLevelOffset) } : mdxComponents;
  return <Component components={components} />;
}
