/** A source of uniform numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

/** Deterministic PRNG (mulberry32): the same seed gives the same sequence, so fault tests are reproducible. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
