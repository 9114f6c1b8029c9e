/** A count in a few characters: 950, 3.2k, 12k, 1.5M (one decimal below 10 of a unit, none above). */
export function compactCount(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const abs = Math.abs(n);
  if (abs < 1000) return String(Math.round(n));
  for (const [unit, size] of [['k', 1e3], ['M', 1e6], ['B', 1e9]] as const) {
    const v = n / size;
    const shown = Math.abs(v) < 10 ? Math.round(v * 10) / 10 : Math.round(v);
    // 999,950 rounds to 1000k: say 1M instead.
    if (Math.abs(shown) < 1000 || unit === 'B') return `${shown}${unit}`;
  }
  return String(n);
}
