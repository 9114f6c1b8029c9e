import { describe, expect, it } from 'vitest';
import { createProgress, duration } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 120, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe('progress', () => {
  it('draws one redrawn bar with rate and ETA on a terminal, and keeps logged lines intact', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const p = createProgress('import', stream, () => now);
    now = 1000;
    p.update(10_000, 0.25);
    expect(writes.at(-1)).toMatch(/^\r\[######\.+\]  25%  import: 10,000  10,000\/s  ETA 0:03\u001b\[K$/);
    p.log('rejected f line 3: empty title');
    expect(writes.at(-1)).toBe('\r\u001b[Krejected f line 3: empty title\n');
    now = 1050;
    p.update(11_000, 0.3);
    expect(writes).toHaveLength(2); // redraws at most every 100 ms
    p.finish();
  });

  it('writes plain lines every few seconds when not on a terminal', () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const p = createProgress('import', stream, () => now);
    now = 1000;
    p.update(5000);
    expect(writes).toEqual([]);
    now = 5000;
    p.update(50_000);
    expect(writes).toEqual(['import: 50,000  10,000/s\n']);
  });

  it('formats durations', () => {
    expect(duration(59)).toBe('0:59');
    expect(duration(3725)).toBe('1:02:05');
    expect(duration(Number.POSITIVE_INFINITY)).toBe('?');
  });
});
