/** What the scheduler needs from the store; `store/` implements it. */

export type ScheduleKind = 'daily' | 'weekly';

/** A run key: the schedule's kind and the instant its cron names. Unique in the store. */
export interface SlotKey {
  kind: ScheduleKind;
  at: Date;
}

export interface SlotRecord extends SlotKey {
  /** The zones whose local cron time falls on this instant: whose subscribers it serves. */
  zones: string[];
  /** Null while the planner plans (or if it died before recording the run). */
  runId: string | null;
  claimedBy: string;
  claimedAt: Date;
}

export interface SlotStore {
  /** Inserts the slot's row for `planner` unless one exists. True: that process plans the slot. */
  claimSlot(slot: SlotKey, zones: string[], planner: string, now: Date): Promise<boolean>;
  /** Takes over a row with no run whose lease was last renewed before `staleBefore`. */
  takeOverSlot(slot: SlotKey, planner: string, now: Date, staleBefore: Date): Promise<boolean>;
  /** The planner is alive: pushes its lease forward. */
  renewSlot(slot: SlotKey, planner: string, now: Date): Promise<void>;
  setSlotRun(slot: SlotKey, planner: string, runId: string): Promise<void>;
  /** Gives up a claim that has no run yet (planning failed or was stopped): the slot is free again. */
  releaseSlot(slot: SlotKey, planner: string): Promise<void>;
  getSlot(slot: SlotKey): Promise<SlotRecord | undefined>;
  /** The distinct zones set by confirmed subscribers of a frequency (unset ones are left out). */
  subscriberZones(frequency: ScheduleKind): Promise<string[]>;
}
