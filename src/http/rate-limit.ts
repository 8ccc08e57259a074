export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string, now: Date): RateDecision;
}

/**
 * At most `limit` requests per key in each fixed window of `windowMs`. In memory: each process
 * counts its own clients, which is enough to stop one client flooding inboxes through a form.
 */
export function createRateLimiter(limit: number, windowMs: number): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const sweepAt = 10_000;
  return {
    take(key, now) {
      const at = now.getTime();
      if (windows.size >= sweepAt) {
        // Forget finished windows, so the map stays as small as the current set of clients.
        for (const [k, w] of windows) if (at - w.start >= windowMs) windows.delete(k);
      }
      let window = windows.get(key);
      if (!window || at - window.start >= windowMs) {
        window = { start: at, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= limit) {
        return {
          allowed: false,
          retryAfterSeconds: Math.ceil((window.start + windowMs - at) / 1000),
        };
      }
      window.count++;
      return { allowed: true };
    },
  };
}
