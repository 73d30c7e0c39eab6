import type { HandlerBug } from "../../../sim/index";

// Which frames each handler lets a request reach, in general: the pattern the learner should take away once a few
// requests have been revealed. Each sentence follows from the handler's C in sim/linux/drivers/buggy-handlers.ts.

export const BUG_REACH: Record<HandlerBug, string> = {
  "raw-pfn":
    "The offset is the frame: vm_pgoff goes to remap_pfn_range unchanged, so any frame of physical memory can be mapped, in windows of at most BUF_BYTES. The attacker picks the frames directly, or slides the window across RAM.",
  "no-size-check":
    "The offset must be 0 and the length is never checked: the mapping starts at buf_pfn and covers every frame after it, as far as the length goes. Nothing below the buffer is reachable.",
  "offset-not-checked":
    "The length is bounded, the offset is not: a window of at most BUF_PAGES frames that starts at buf_pfn + vm_pgoff, anywhere at or after the buffer.",
  "u32-byte-offset":
    "off + size is computed modulo 2^32, so a window passes whenever that sum wraps past 4 GB and lands back in 0..BUF_BYTES: a short window about 4 GB past the buffer (offset near 0xfffff000), or one nearly 4 GB long that starts in the buffer and covers the frames after it.",
  "signed-offset":
    "An offset from 2 GB to 4 GB is a negative int, below every bound, so windows that start 2 GB to 4 GB past the buffer pass. A length from 2 GB up to 4 GB makes size negative too; it sign-extends to a huge unsigned long and remap_pfn_range refuses it.",
  "off-by-one":
    "Exactly one frame outside the buffer: buf_pfn + BUF_PAGES, the first frame after it, mapped by any request whose last page is page BUF_PAGES.",
  "maywrite-not-cleared":
    "None outside the buffer: the bounds check is right. The bug is the access: PROT_WRITE is refused, but VM_MAYWRITE stays set, so mprotect(PROT_WRITE) makes the read-only buffer writable afterwards.",
};
