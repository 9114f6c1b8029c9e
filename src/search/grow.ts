type GrowableArray = Uint8Array | Uint32Array | Int32Array;

/** A copy of `array` with room for at least `size` entries (doubling, so appends cost O(1) amortized). */
export function grown<T extends GrowableArray>(array: T, size = array.length + 1): T {
  const Kind = array.constructor as new (length: number) => T;
  const out = new Kind(Math.max(size, array.length * 2));
  out.set(array);
  return out;
}
