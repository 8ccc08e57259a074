import type { Logger } from '../log.js';
import { processTag } from '../process-tag.js';
import { type DueSubscriber, RunInProgress, type Runner, sleep } from '../send/index.js';
import type { SlotKey, SlotStore } from './ports.js';
import { zoneOf } from './zones.js';

export interface SlotSenderDeps {
  slots: SlotStore;
  runner: Pick<Runner, 'sendScheduled' | 'join'>;
  defaultZone: string;
  clock: () => Date;
  logger: Logger;
  signal: AbortSignal;
  /**
   * The check before a slot is planned (`gazette doctor`), run by the process that won the slot
   * only: false sends nothing and frees the slot, as a failed planning does.
   */
  beforePlan?: (slot: SlotKey) => Promise<boolean>;
  /** How long a planner may go silent before another process takes its slot over. */
  leaseMs?: number;
  /** How often a helper looks for the run of a slot that is being planned. */
  pollMs?: number;
  onSlot?: (slot: SlotKey, role: 'planner' | 'helper') => void;
}

export interface SlotSender {
  /** This process, as the slots it plans name it. */
  readonly id: string;
  /** Plans the slot if this process wins its key, else helps send the winner's run. */
  runSlot(slot: SlotKey, zones: string[]): Promise<void>;
  /** Resolves once every slot this process works on has stopped. */
  idle(): Promise<void>;
}

/** `schedule:daily@2024-06-21T23:00:00.000Z`: a slot's run says which slot it is. */
export function slotTag(slot: SlotKey): string {
  return `schedule:${slot.kind}@${slot.at.toISOString()}`;
}

/** The slot a run's `startedBy` names, if the schedule started it. */
export function slotOfTag(startedBy: string): { kind: string; at: string } | null {
  const match = /^schedule:(daily|weekly)@(.+)$/.exec(startedBy);
  return match?.[1] && match[2] ? { kind: match[1], at: match[2] } : null;
}

/**
 * Each schedule slot sent once, whatever the number of processes: the one whose claim on the
 * slot's key lands plans its run (and holds a lease on it while it plans); the others wait for
 * the run to be recorded and help send it. A planner that goes silent has its slot taken over.
 */
export function createSlotSender(deps: SlotSenderDeps): SlotSender {
  const { slots, runner, clock, logger, signal } = deps;
  const id = processTag();
  const leaseMs = deps.leaseMs ?? 60_000;
  const pollMs = deps.pollMs ?? 250;
  const working = new Set<Promise<void>>();

  async function planSlot(slot: SlotKey, zones: string[], log: Logger): Promise<void> {
    const renew = setInterval(
      () =>
        void slots
          .renewSlot(slot, id, clock())
          .catch((error: unknown) => log.warn({ err: error }, 'renewing the slot lease failed')),
      Math.max(1000, leaseMs / 3),
    );
    let recorded = false;
    try {
      if (deps.beforePlan && !(await deps.beforePlan(slot))) return;
      const request = { frequency: slot.kind, startedBy: slotTag(slot), includes: inZones(zones) };
      await runner.sendScheduled(request, async (run) => {
        await slots.setSlotRun(slot, id, run.id);
        recorded = true;
        clearInterval(renew);
        log.info({ runId: run.id, planned: run.planned, zones }, 'slot planned');
      });
    } catch (error) {
      if (!(error instanceof RunInProgress && error.paused)) throw error;
      // A paused run holds its frequency until an operator resumes or cancels it.
      log.warn(
        { pausedRun: error.runId },
        'slot not sent: a paused run of this frequency waits for an operator',
      );
    } finally {
      clearInterval(renew);
      // Stopped or failed before the run was recorded: free the key for the next process (or
      // this one's next start) instead of making it wait out the lease.
      if (!recorded) {
        await slots
          .releaseSlot(slot, id)
          .catch((error: unknown) => log.warn({ err: error }, 'releasing the slot failed'));
      }
    }
  }

  /** The subscribers whose local cron time is this slot: the others are another slot's. */
  function inZones(zones: string[]): (subscriber: DueSubscriber) => boolean {
    const wanted = new Set(zones);
    return (subscriber) => wanted.has(zoneOf(subscriber.timezone, deps.defaultZone));
  }

  async function runSlot(slot: SlotKey, zones: string[]): Promise<void> {
    const log = logger.child({ slot: slotTag(slot) });
    let planner = await slots.claimSlot(slot, zones, id, clock());
    let served = zones;
    for (;;) {
      if (planner) {
        deps.onSlot?.(slot, 'planner');
        return planSlot(slot, served, log);
      }
      const row = await slots.getSlot(slot);
      if (!row) {
        planner = await slots.claimSlot(slot, zones, id, clock());
        continue;
      }
      if (row.runId) {
        deps.onSlot?.(slot, 'helper');
        return runner.join(row.runId);
      }
      const staleBefore = new Date(clock().getTime() - leaseMs);
      if (row.claimedAt < staleBefore) {
        planner = await slots.takeOverSlot(slot, id, clock(), staleBefore);
        if (planner) log.warn({ deadPlanner: row.claimedBy }, 'slot taken over');
        served = row.zones;
        continue;
      }
      if (signal.aborted) return;
      await sleep(pollMs, signal);
    }
  }

  return {
    id,
    runSlot(slot, zones) {
      const work = runSlot(slot, zones);
      working.add(work);
      const done = () => working.delete(work);
      work.then(done, done);
      return work;
    },
    async idle() {
      while (working.size > 0) await Promise.allSettled([...working]);
    },
  };
}
