export { type CronMatcher, latestSlot, parseCron, slotsBetween } from './cron-slots.js';
export type { ScheduleKind, SlotKey, SlotRecord, SlotStore } from './ports.js';
export { createScheduler, type Job, type Scheduler, type SchedulerOptions } from './scheduler.js';
export {
  createSendWorker,
  type OperatorRequest,
  RUN_KIND,
  type SendWorker,
  slotTag,
  type WorkerDeps,
  type WorkerEvent,
} from './worker.js';
export { latestSlots, scheduleZones, slotInstant, zoneOf, zonesAt } from './zones.js';
