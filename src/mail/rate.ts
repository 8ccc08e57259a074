/** Spaces sends evenly at `perSecond` (0: no limit), shared by every connection of a process. */
export function createRateLimiter(perSecond: number, now = () => performance.now()) {
  const interval = perSecond > 0 ? 1000 / perSecond : 0;
  let nextFree = 0;
  return async function take(): Promise<void> {
    if (interval === 0) return;
    const at = now();
    const slot = Math.max(at, nextFree);
    nextFree = slot + interval;
    if (slot > at) await new Promise((resolve) => setTimeout(resolve, slot - at));
  };
}
