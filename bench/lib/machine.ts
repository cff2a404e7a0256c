/** One line describing the machine a benchmark ran on, for the printed tables. */
import fs from 'node:fs';
import os from 'node:os';

/** CPU model (from /proc/cpuinfo where there is one), core count, memory, Node version and load. */
export function machineLine(): string {
  let model = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    // not Linux
  }
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  return `${os.availableParallelism()} × ${model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load} at start`;
}
