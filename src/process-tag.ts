import { randomBytes } from 'node:crypto';

/**
 * `pid-random`: names this process (or one worker in it) in rows other processes read: a
 * delivery's claim, a worker's heartbeat, a schedule slot's planner.
 */
export function processTag(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}
