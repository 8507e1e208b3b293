import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory of this process between `reset()` and `peak()`. On Linux the kernel's own high-water
 * mark (VmHWM) is reset through /proc/self/clear_refs, so no short peak is missed; elsewhere RSS is sampled
 * every millisecond (peaks while the event loop is blocked can be missed).
 */
export interface MemoryProbe {
  readonly method: string;
  /** Collects garbage (when exposed), restarts the peak; resolves with the RSS now, in bytes. */
  reset(): number;
  /** The highest RSS since `reset()`, in bytes. */
  peak(): number;
}

/** The best probe this platform offers. */
export function createMemoryProbe(): MemoryProbe {
  return kernelProbe() ?? samplingProbe();
}

function kernelProbe(): MemoryProbe | undefined {
  const status = (field: string): number => {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
    if (!match) throw new Error(`No ${field} in /proc/self/status.`);
    return Number(match[1]) * 1024;
  };
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    status('VmHWM');
  } catch {
    return undefined;
  }
  return {
    method: 'kernel high-water mark (VmHWM, reset through /proc/self/clear_refs)',
    reset() {
      globalThis.gc?.();
      writeFileSync('/proc/self/clear_refs', '5');
      return status('VmRSS');
    },
    peak: () => status('VmHWM'),
  };
}

function samplingProbe(): MemoryProbe {
  let highest = 0;
  const sample = () => {
    highest = Math.max(highest, process.memoryUsage.rss());
  };
  setInterval(sample, 1).unref();
  return {
    method: 'RSS sampled every millisecond',
    reset() {
      globalThis.gc?.();
      highest = process.memoryUsage.rss();
      return highest;
    },
    peak() {
      sample();
      return highest;
    },
  };
}
