/**
 * A progress bar for long runs: percent, steps, elapsed, ETA and throughput (atom-steps/s).
 * On a TTY it redraws one line; otherwise (CI, log files) it prints a line every `logEvery` s.
 */
export interface ProgressOptions {
  total: number;
  atoms: number;
  label?: string;
  stream?: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  logEvery?: number;
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  s = Math.max(0, Math.round(s));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const mm = String(m).padStart(2, '0'), ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function formatRate(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toFixed(2)} G`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(0) + ' ';
}

export class ProgressBar {
  private readonly start = performance.now();
  private lastLog = 0;
  private readonly startStep: number;
  private readonly stream;
  private readonly tty: boolean;

  constructor(private readonly o: ProgressOptions, startStep = 0) {
    this.startStep = startStep;
    this.stream = o.stream ?? process.stderr;
    this.tty = !!this.stream.isTTY;
  }

  /** Report that `step` of `total` steps are done; `note` is appended (e.g. T and E). */
  update(step: number, note = ''): void {
    const now = performance.now();
    const elapsed = (now - this.start) / 1000;
    const done = step - this.startStep;
    const rate = done > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (this.o.total - step) / rate : Infinity;
    const frac = Math.min(1, step / this.o.total);
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const line = `${this.o.label ?? 'md'} [${bar}] ${(frac * 100).toFixed(1).padStart(5)}% ${step}/${this.o.total} ` +
      `elapsed ${formatDuration(elapsed)} ETA ${formatDuration(eta)} ${formatRate(rate * this.o.atoms)}atom-steps/s ${note}`;
    if (this.tty) {
      this.stream.write(`\r${line.padEnd(120)}`);
    } else if (now - this.lastLog > (this.o.logEvery ?? 10) * 1000 || step >= this.o.total) {
      this.lastLog = now;
      this.stream.write(line + '\n');
    }
  }

  done(): void {
    if (this.tty) this.stream.write('\n');
  }
}
