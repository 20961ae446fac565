import { readdirSync, readFileSync } from 'node:fs';

/**
 * Where the machine's CPU went during a phase, by part of the system: each of the bench's own processes by name,
 * Postgres, the Temporal server, Redis, the load generator, and whatever else ran on the machine. A missed target is
 * bounded by whoever holds the cores; this names them. Linux only (/proc); elsewhere every share reads 0.
 */

const TICKS_PER_S = 100;

interface Named {
  name: string;
  pid: number;
}

/** CPU seconds by part at one instant, and the machine's busy and total seconds. */
interface Snapshot {
  at: number;
  byPart: Map<string, number>;
  machineBusyS: number;
  machineTotalS: number;
}

export interface CpuShare {
  part: string;
  /** Share of one core over the phase (200 % is both cores of a 2-core machine). */
  corePercent: number;
  /** CPU µs per request of the phase, when it had requests. */
  usPerRequest?: number;
}

export interface CpuPhase {
  /** The machine's busy share of all its cores over the phase. */
  machineBusyPercent: number;
  shares: CpuShare[];
}

/** Servers by their command name's start: the Temporal CLI's binary carries its version (`temporal-1.5.1`). */
const SERVERS: Array<[prefix: string, part: string]> = [
  ['postgres', 'postgres'],
  ['temporal', 'temporal server'],
  ['redis-server', 'redis'],
];

/**
 * utime + stime + cutime + cstime: a process's own CPU and that of its children it has reaped, so the load
 * generator's CPU lands on the bench process once it exits, and Postgres backends that closed land on the postmaster.
 */
function cpuTicks(stat: string): { comm: string; ticks: number } {
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const fields = stat.slice(close + 2).split(' ');
  // Fields after the comm start at field 3 (state); utime is field 14, so index 11 here.
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return { comm, ticks };
}

function machineSeconds(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: (total - idle) / TICKS_PER_S, total: total / TICKS_PER_S };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export function snapshot(named: Named[]): Snapshot {
  const nameOf = new Map(named.map((p) => [p.pid, p.name]));
  nameOf.set(process.pid, 'load generator and bench');
  const byPart = new Map<string, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    pids = [];
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone between the listing and the read
    }
    const { comm, ticks } = cpuTicks(stat);
    const part =
      nameOf.get(Number(pid)) ??
      SERVERS.find(([prefix]) => comm.startsWith(prefix))?.[1] ??
      'other (outside the bench)';
    byPart.set(part, (byPart.get(part) ?? 0) + ticks / TICKS_PER_S);
  }
  const machine = machineSeconds();
  return { at: Date.now(), byPart, machineBusyS: machine.busy, machineTotalS: machine.total };
}

/** The CPU each part used between two snapshots, largest first. */
export function cpuBetween(before: Snapshot, after: Snapshot, requests?: number): CpuPhase {
  const wallS = (after.at - before.at) / 1000;
  const shares: CpuShare[] = [];
  for (const [part, seconds] of after.byPart) {
    // A process that started during the phase counts from zero; one that ended is lost unless its parent reaped it.
    const used = Math.max(0, seconds - (before.byPart.get(part) ?? 0));
    if (used === 0) continue;
    shares.push({
      part,
      corePercent: wallS > 0 ? (100 * used) / wallS : 0,
      usPerRequest: requests ? (1e6 * used) / requests : undefined,
    });
  }
  const total = after.machineTotalS - before.machineTotalS;
  return {
    machineBusyPercent: total > 0 ? (100 * (after.machineBusyS - before.machineBusyS)) / total : 0,
    shares: shares.sort((a, b) => b.corePercent - a.corePercent),
  };
}

/** One markdown table: each phase a column pair (% of a core, µs per request). */
export function cpuTable(title: string, phases: Array<{ name: string; cpu: CpuPhase }>): string {
  const parts = [...new Set(phases.flatMap((p) => p.cpu.shares.map((s) => s.part)))];
  const head = phases.map((p) => `${p.name}: % of a core | µs/request`).join(' | ');
  const lines = [
    `#### ${title}`,
    '',
    `| part | ${head} |`,
    `|---|${phases.map(() => '---|---').join('|')}|`,
    `| **machine busy (all cores)** | ${phases.map((p) => `${p.cpu.machineBusyPercent.toFixed(0)} % |`).join(' | ')} |`,
  ];
  for (const part of parts) {
    const cells = phases.map((p) => {
      const share = p.cpu.shares.find((s) => s.part === part);
      if (!share) return '– | –';
      const us = share.usPerRequest === undefined ? '' : share.usPerRequest.toFixed(0);
      return `${share.corePercent.toFixed(0)} % | ${us}`;
    });
    lines.push(`| ${part} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
