// CPU seconds and peak RSS of a child process (all its threads), read from Linux's /proc while it
// runs: VmHWM is the kernel's own high-water mark of the resident set, utime+stime its CPU time.
// The last reading before exit is kept (sampled every 50 ms, so at most that much CPU is missed).
import { readFileSync } from 'node:fs';

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
