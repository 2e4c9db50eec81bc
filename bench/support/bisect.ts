// The engineLoad bench's refinement after a climb's first failing step: its ladder is ~10% apart,
// coarser than the 0.95 bar it checks, so the rate between the highest clean and the lowest failing
// one is tried until the two are closer than `gap` (a share of the failing rate).

/** The next rate to try between a clean `clean` and a failing `failing`, or undefined when close enough. */
export function bisectNext(clean: number, failing: number, gap: number): number | undefined {
  // Nothing clean to start from (the first step failed): nothing to refine.
  if (clean <= 0 || failing - clean <= failing * gap) return undefined;
  // Rounded to 10 calls/s so the printed rates stay readable; never one of the bounds again.
  const mid = Math.round((clean + failing) / 20) * 10;
  return mid > clean && mid < failing ? mid : undefined;
}
