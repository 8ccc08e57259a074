/** A real-time sleep that an abort cuts short. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits until `clock()` reads `until`, in real time, in steps of at most a minute so that a clock
 * that is stepped (a test's, or a host's NTP) is followed rather than overslept.
 */
export async function waitUntil(
  until: Date,
  clock: () => Date,
  signal?: AbortSignal,
): Promise<void> {
  for (;;) {
    const left = until.getTime() - clock().getTime();
    if (left <= 0 || signal?.aborted) return;
    await sleep(Math.min(left, 60_000), signal);
  }
}
