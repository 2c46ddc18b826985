/*
 * Stateless, seeded pseudo-randomness: every draw is a hash of
 * (series key, minute, salt). Only integer operations (Math.imul, shifts)
 * are used, so the numbers are identical on every platform.
 */

// Local bindings: global lookups (Math.*) are slow inside vm contexts such as Jest's.
const imul = Math.imul;
const floor = Math.floor;
const min = Math.min;

/** 32-bit finaliser (lowbias32). */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a hash of a string, mixed with the seed. */
export function hashKey(seed: number, key: string): number {
  let h = 0x811c9dc5 ^ mix32(seed);
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A uniform number in [0, 1) for (key, minute, salt). */
export function draw(key: number, minute: number, salt: number): number {
  const a = mix32(key ^ imul(salt + 1, 0x9e3779b9));
  return mix32(a ^ mix32(minute)) / 4294967296;
}

/**
 * Splits `total` into integer parts with expected shares `weights` (summing
 * to 1, or all zero). Deterministic for (key, minute, salt); parts sum to `total`.
 */
export function split(
  total: number,
  weights: readonly number[],
  key: number,
  minute: number,
  salt: number,
  out: number[],
): number[] {
  const k = weights.length;
  let remaining = total;
  let mass = 1;
  for (let i = 0; i < k - 1; i++) {
    const w = weights[i];
    let n = 0;
    if (remaining > 0 && w > 0) {
      const p = mass > 1e-12 ? min(1, w / mass) : 1;
      n = floor(remaining * p + draw(key, minute, salt + i));
      if (n > remaining) n = remaining;
    }
    out[i] = n;
    remaining -= n;
    mass -= w;
  }
  if (k > 0) out[k - 1] = remaining;
  return out;
}

/** Normalises weights to sum 1 (all zeros stay zeros). */
export function normalise(weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  return sum > 0 ? weights.map(w => w / sum) : weights.map(() => 0);
}
