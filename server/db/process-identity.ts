/**
 * Which process this is, in a form another process can check: its pid, and a host identity that is the
 * same exactly for processes whose pids can be compared (one machine, one boot, one pid namespace), so
 * a pid seen under the same identity can be asked whether it still runs.
 */
import fs from 'node:fs';
import os from 'node:os';

/** A process as a lease records its holder. */
export interface ProcessIdentity {
  pid: number;
  /** hostname, boot id and pid namespace (the last two where the system tells them) */
  host: string;
}

function readOr(read: () => string, fallback: string): string {
  try {
    return read().trim();
  } catch {
    return fallback;
  }
}

let self: ProcessIdentity | null = null;

/** This process (computed once). */
export function thisProcess(): ProcessIdentity {
  self ??= {
    pid: process.pid,
    // a container with the host's hostname but its own pid namespace must not judge the host's pids
    host: [os.hostname().slice(0, 100), readOr(() => fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'), 'boot'), readOr(() => fs.readlinkSync('/proc/self/ns/pid'), 'pidns')].join('/'),
  };
  return self;
}

/** Whether a pid of this host identity still runs (a pid owned by another user counts as running). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
