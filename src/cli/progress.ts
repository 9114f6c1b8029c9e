/**
 * Progress of long work. On a terminal: one redrawn line with a bar, count, rate and ETA.
 * Otherwise (logs, CI, pipes): a plain line every few seconds, so logs stay readable.
 */
export interface Progress {
  /** `done` items so far; `fraction` (0..1) of the whole when known, for the bar and ETA. */
  update(done: number, fraction?: number): void;
  /** Prints a line above the bar (a rejected record, a warning) without garbling it. */
  log(line: string): void;
  /** Clears the bar; the caller prints the summary. */
  finish(): void;
}

const REDRAW_MS = 100; // 10 redraws a second look smooth and cost nothing measurable
const LOG_EVERY_MS = 5000;

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr, clock = () => Date.now()): Progress {
  const started = clock();
  let last = started;
  let drawn = false;
  const tty = stream.isTTY === true;

  const line = (done: number, fraction?: number): string => {
    const secs = Math.max((clock() - started) / 1000, 0.001);
    const rate = done / secs;
    const parts = [`${label}: ${done.toLocaleString('en-US')}`, `${Math.round(rate).toLocaleString('en-US')}/s`];
    if (fraction !== undefined && fraction > 0) {
      const f = Math.min(fraction, 1);
      parts.unshift(`${tty ? bar(f) + ' ' : ''}${(f * 100).toFixed(0).padStart(3)}%`);
      parts.push(`ETA ${duration(secs * (1 - f) / f)}`);
    }
    return parts.join('  ');
  };

  return {
    update(done, fraction) {
      const now = clock();
      if (now - last < (tty ? REDRAW_MS : LOG_EVERY_MS)) return;
      last = now;
      if (tty) {
        stream.write(`\r${line(done, fraction).slice(0, (stream.columns ?? 100) - 1)}\u001b[K`);
        drawn = true;
      } else {
        stream.write(`${line(done, fraction)}\n`);
      }
    },
    log(text) {
      stream.write(`${drawn ? '\r\u001b[K' : ''}${text}\n`);
      drawn = false;
    },
    finish() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}

function bar(f: number, width = 24): string {
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

export function duration(secs: number): string {
  if (!Number.isFinite(secs)) return '?';
  const s = Math.round(secs);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}
