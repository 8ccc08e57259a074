export { type CronMatcher, latestSlot, parseCron, slotsBetween } from './cron-slots.js';
export type { ScheduleKind, SlotKey, SlotRecord, SlotStore } from './ports.js';
export { createScheduler, type Job, type Scheduler, type SchedulerOptions } from './scheduler.js';
export {
  createSlotSender,
  type SlotSender,
  type SlotSenderDeps,
  slotOfTag,
} from './send-slot.js';
