// Linux errno values (include/uapi/asm-generic/errno-base.h, errno.h). Syscall models return them as
// `{ ok: false, errno }` with the positive value; driver callbacks return `-errno` as the kernel's do.

export const EPERM = 1;
export const ENXIO = 6;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const ENODEV = 19;
export const EINVAL = 22;
export const EOVERFLOW = 75;

const NAMES: Record<number, string> = {
  [EPERM]: "EPERM",
  [ENXIO]: "ENXIO",
  [ENOMEM]: "ENOMEM",
  [EACCES]: "EACCES",
  [EFAULT]: "EFAULT",
  [EBUSY]: "EBUSY",
  [ENODEV]: "ENODEV",
  [EINVAL]: "EINVAL",
  [EOVERFLOW]: "EOVERFLOW",
};

/** "EINVAL" for 22 or -22; "errno 99" for a value this model does not name. */
export function errnoName(errno: number): string {
  return NAMES[Math.abs(errno)] ?? `errno ${errno}`;
}

/** A syscall-style result: a value, or a positive errno. */
export type SysResult<T> = ({ ok: true } & T) | { ok: false; errno: number };
