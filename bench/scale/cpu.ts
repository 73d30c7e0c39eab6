import { readdirSync, readFileSync } from "node:fs";
import type { Cluster } from "./cluster";

// Where a deployment's CPU goes: on one machine throughput is CPU, so the bench reports, for its clean phase, the
// milliseconds of CPU each tier spent per submission, read from /proc (Linux; elsewhere the tiers read as unknown).
// A process's figure includes its children (a web server's or a grader host's sandboxed workers). PostgreSQL is
// every `postgres` process on the machine: the bench is its only user while it runs.

/** CPU seconds used so far, by tier. */
export interface CpuSnapshot {
  web: number;
  graders: number;
  postgres: number;
  bench: number;
}

interface ProcessCpu {
  pid: number;
  parent: number;
  name: string;
  seconds: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux Node supports

function readProcesses(): ProcessCpu[] | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return null;
  }
  const processes: ProcessCpu[] = [];
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The name is in parentheses and may itself hold spaces or parentheses: fields resume after the last ")".
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      processes.push({ pid: Number(entry), parent: Number(fields[1]), name: stat.slice(stat.indexOf("(") + 1, close), seconds: ticks / TICKS_PER_SECOND });
    } catch {
      // The process ended while we read.
    }
  }
  return processes;
}

/** CPU seconds of `root` and everything it started, by walking the parent links once read. */
function treeSeconds(root: number | undefined, byPid: Map<number, ProcessCpu>, children: Map<number, number[]>): number {
  if (root === undefined) return 0;
  let total = 0;
  const stack = [root];
  for (let pid = stack.pop(); pid !== undefined; pid = stack.pop()) {
    total += byPid.get(pid)?.seconds ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** The cluster's CPU by tier now, or null where /proc cannot be read. */
export function cpuSnapshot(cluster: Cluster): CpuSnapshot | null {
  const processes = readProcesses();
  if (!processes) return null;
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const children = new Map<number, number[]>();
  for (const p of processes) children.set(p.parent, [...(children.get(p.parent) ?? []), p.pid]);
  const own = process.cpuUsage();
  return {
    web: cluster.webs.reduce((sum, web) => sum + treeSeconds(web.child.pid, byPid, children), 0),
    graders: cluster.hosts.reduce((sum, host) => sum + treeSeconds(host.child.pid, byPid, children), 0),
    postgres: processes.filter((p) => p.name.startsWith("postgres")).reduce((sum, p) => sum + p.seconds, 0),
    bench: (own.user + own.system) / 1e6,
  };
}

/** Two snapshots combined tier by tier. */
function eachTier(a: CpuSnapshot, b: CpuSnapshot, combine: (x: number, y: number) => number): CpuSnapshot {
  return { web: combine(a.web, b.web), graders: combine(a.graders, b.graders), postgres: combine(a.postgres, b.postgres), bench: combine(a.bench, b.bench) };
}

/** after - before, tier by tier; null when either is unknown. */
export function cpuSpent(before: CpuSnapshot | null, after: CpuSnapshot | null): CpuSnapshot | null {
  return before && after ? eachTier(after, before, (x, y) => x - y) : null;
}

/** Spends added up (rounds of one phase); null when any is unknown. */
export function addCpu(spends: (CpuSnapshot | null)[]): CpuSnapshot | null {
  let total: CpuSnapshot | null = { web: 0, graders: 0, postgres: 0, bench: 0 };
  for (const spend of spends) total = total && spend ? eachTier(total, spend, (x, y) => x + y) : null;
  return spends.length > 0 ? total : null;
}
