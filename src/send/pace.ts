/**
 * The adaptive send rate, shared by every lane of a worker. Unlimited (or the configured ceiling)
 * until the server says "slow down" (421, 4.7.x): then half the rate seen over the last messages, and
 * half again on each later signal, at most once a second (one signal often arrives on every
 * connection at once). Every accepted message adds a tenth of a message per second, so the rate
 * climbs back by about 10% a second while the server accepts, up to where it was.
 */
export interface PaceOptions {
  /** Messages per second at most; 0: no limit. */
  ceiling: number;
  /** Off: the ceiling alone, whatever the server says. */
  adaptive: boolean;
  /** Monotonic milliseconds (real time: pacing is about the server, not the run's clock). */
  now?: () => number;
  onChange?: (perSecond: number, reason: 'slowdown' | 'recovering' | 'recovered') => void;
}

const FLOOR = 0.5;
const REACT_MS = 1_000;
const STEP = 0.1;

export interface Pace {
  /** Milliseconds to wait before the next send (0: go now); each call takes the next turn. */
  delay(): number;
  slowDown(): void;
  accepted(): void;
  /** The current limit; 0: none. */
  readonly perSecond: number;
}

export function createPace(options: PaceOptions): Pace {
  const now = options.now ?? (() => performance.now());
  let limit = options.ceiling;
  // The rate to climb back to: the ceiling, or (none configured) the rate seen when slowed down.
  let target = options.ceiling;
  let lastSlowdown = Number.NEGATIVE_INFINITY;
  let nextFree = 0;
  let reported = limit;
  // When the last accepted messages went out: the rate seen, for the first slowdown.
  const recent = new Float64Array(32);
  let accepted = 0;
  const seen = () => {
    if (accepted < 2) return 0;
    const n = Math.min(accepted, recent.length);
    const newest = recent[(accepted - 1) % recent.length] as number;
    const oldest = recent[(accepted - n) % recent.length] as number;
    return newest > oldest ? ((n - 1) * 1000) / (newest - oldest) : 0;
  };

  const report = (reason: 'slowdown' | 'recovering' | 'recovered') => {
    if (reason === 'recovering' && Math.abs(limit - reported) < reported * 0.1) return;
    reported = limit;
    options.onChange?.(limit, reason);
  };

  return {
    get perSecond() {
      return limit;
    },
    delay() {
      if (limit === 0) return 0;
      const at = now();
      const turn = Math.max(at, nextFree);
      nextFree = turn + 1000 / limit;
      return turn - at;
    },
    slowDown() {
      if (!options.adaptive) return;
      const at = now();
      if (at - lastSlowdown < REACT_MS) return;
      lastSlowdown = at;
      if (limit === 0) {
        const rate = seen();
        target = Math.max(rate, FLOOR * 2);
        limit = Math.max(FLOOR, rate / 2);
      } else {
        limit = Math.max(FLOOR, limit / 2);
      }
      nextFree = at + 1000 / limit;
      report('slowdown');
    },
    accepted() {
      recent[accepted % recent.length] = now();
      accepted++;
      if (limit === 0 || limit >= target) return;
      limit = Math.min(target, limit + STEP);
      if (limit >= target && options.ceiling === 0) {
        limit = 0;
        report('recovered');
      } else report(limit >= target ? 'recovered' : 'recovering');
    },
  };
}
