// CPU seconds and peak RSS of a child process (all its threads), read from Linux's /proc while it
// runs: VmHWM is the kernel's own high-water mark of the resident set, utime+stime its CPU time.
// The last reading before exit is kept (sampled every 50 ms, so at most that much CPU is missed).
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessUsage {
  cpuSeconds: number;
  peakRssMb: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function read(pid: number): ProcessUsage | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const hwmKb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    return { cpuSeconds: ticks / TICKS_PER_SECOND, peakRssMb: hwmKb / 1024 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH') return null; // exited
    throw error;
  }
}

/** Starts sampling `pid`; stop() returns the last reading. */
export function watchProcess(pid: number): { stop(): ProcessUsage } {
  let last: ProcessUsage = { cpuSeconds: 0, peakRssMb: 0 };
  const sample = (): void => {
    const now = read(pid);
    if (now) last = { cpuSeconds: Math.max(last.cpuSeconds, now.cpuSeconds), peakRssMb: Math.max(last.peakRssMb, now.peakRssMb) };
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return last;
    },
  };
}

/** One process of a watched tree: its command line and the largest resident set seen. */
export interface TreeProcess {
  pid: number;
  parent: number;
  command: string;
  peakRssMb: number;
  /** Of peakRssMb, the pages mapped from files (mostly the program's own binary) at that reading. */
  fileRssMb: number;
}

function parentOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null; // exited between listing /proc and reading it
  }
}

/**
 * Samples every process below `rootPid` (children, grandchildren: terraform's providers, say) every
 * `intervalMs`; stop() returns each one's high-water mark, largest first (VmHWM only grows, so a
 * process's figure misses at most what it added in its last interval). GNU time and getrusage report
 * only the largest process of a tree, which does not say whose memory it is. A process is keyed by
 * pid and command line: between fork and exec a child still shows its parent's figures.
 */
export function watchProcessTree(rootPid: number, intervalMs = 20): { stop(): TreeProcess[] } {
  const seen = new Map<string, TreeProcess>();
  const sample = (): void => {
    const parents = new Map<number, number>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const parent = parentOf(name);
      if (parent !== null) parents.set(Number(name), parent);
    }
    for (const [pid, parent] of parents) {
      let up = pid;
      for (let depth = 0; up !== rootPid && up > 1 && depth < 64; depth++) up = parents.get(up) ?? 0;
      if (up !== rootPid) continue;
      let status: string;
      let command: string;
      try {
        status = readFileSync(`/proc/${pid}/status`, 'utf8');
        command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      } catch {
        continue; // exited since the listing; its last sample stands
      }
      const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
      const key = `${pid} ${command}`;
      const peakRssMb = kb('VmHWM') / 1024;
      if (peakRssMb > (seen.get(key)?.peakRssMb ?? -1)) seen.set(key, { pid, parent, command, peakRssMb, fileRssMb: kb('RssFile') / 1024 });
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return [...seen.values()].sort((a, b) => b.peakRssMb - a.peakRssMb);
    },
  };
}
