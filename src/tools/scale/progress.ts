/**
 * A progress line on stderr: phase, rows done of total, percentage and rows per second,
 * redrawn at most ten times a second on a terminal; one line per finished phase otherwise.
 * Clocks here time the run only, never the data.
 */
export interface PhaseTiming {
  phase: string;
  rows: number;
  ms: number;
}

const REDRAW_MS = 100;

export class Progress {
  private phase = '';
  private total = 0;
  private done = 0;
  private started = 0;
  private drawn = 0;
  readonly timings: PhaseTiming[] = [];

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  start(phase: string, total: number): void {
    this.phase = phase;
    this.total = total;
    this.done = 0;
    this.started = performance.now();
    this.drawn = 0;
    this.draw(false);
  }

  tick(rows: number): void {
    this.done += rows;
    if (performance.now() - this.drawn >= REDRAW_MS) this.draw(false);
  }

  finish(): PhaseTiming {
    this.done = Math.max(this.done, this.total);
    this.draw(true);
    const timing = { phase: this.phase, rows: this.done, ms: performance.now() - this.started };
    this.timings.push(timing);
    return timing;
  }

  /** A message between phases, on its own line. */
  note(message: string): void {
    this.out.write(`${message}\n`);
  }

  private draw(final: boolean): void {
    this.drawn = performance.now();
    if (!this.out.isTTY && !final) return;
    const seconds = Math.max((this.drawn - this.started) / 1000, 0.001);
    const percent = this.total > 0 ? (100 * this.done) / this.total : 100;
    const width = 24;
    const filled = Math.min(width, Math.round((percent / 100) * width));
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    const line =
      `${this.phase.padEnd(34).slice(0, 34)} [${bar}] ${fmt(this.done).padStart(9)}/${fmt(this.total).padEnd(9)} ` +
      `${percent.toFixed(1).padStart(5)}% ${fmt(Math.round(this.done / seconds)).padStart(8)} rows/s ${seconds.toFixed(1).padStart(6)}s`;
    this.out.write(this.out.isTTY ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
  }
}

export function fmt(value: number): string {
  return value.toLocaleString('en-US');
}
