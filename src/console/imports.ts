import { randomBytes } from 'node:crypto';
import { type ImportReport, type ImportTarget, importSubscribers } from '../subscribers/index.js';
import type { AuditLog } from './types.js';

/** Where an import's rows came from, as the audit log notes it (never the rows themselves). */
/** Where the rows came from: a file (its name and size) or the paste box. */
export type ImportOrigin = { kind: 'file'; name: string; bytes: number } | { kind: 'paste' };

/** An import working in the background: each new subscriber waits on a confirmation email. */
export interface ImportJob {
  id: string;
  origin: ImportOrigin;
  confirmed: boolean;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  report: ImportReport | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

const JOBS_KEPT = 20;

/**
 * Large imports, worked on in the serving process after the request has been answered, with
 * the same call as a small one (and `gazette subscribers import`). Kept in memory: the last 20,
 * until a restart. A restart mid-import leaves the rows added so far; importing the file again
 * reports them as existing and adds the rest.
 */
export function createImportRegistry(options: {
  target: ImportTarget;
  audit: AuditLog;
  clock: () => Date;
}) {
  const jobs = new Map<string, ImportJob>();
  return {
    start(
      text: string,
      knownCategories: readonly string[],
      choice: {
        confirmed: boolean;
        origin: ImportOrigin;
        ip: string | null;
        userAgent: string | null;
      },
    ): ImportJob {
      const job: ImportJob = {
        id: `import-${randomBytes(6).toString('hex')}`,
        origin: choice.origin,
        confirmed: choice.confirmed,
        status: 'running',
        done: 0,
        total: 0,
        report: null,
        error: null,
        startedAt: options.clock(),
        finishedAt: null,
      };
      jobs.set(job.id, job);
      for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - JOBS_KEPT)))
        jobs.delete(old);
      void importSubscribers(options.target, text, knownCategories, {
        confirmed: choice.confirmed,
        clock: options.clock,
        onProgress: (done, total) => {
          job.done = done;
          job.total = total;
        },
      })
        .then((report) => {
          job.report = report;
          job.status = 'done';
        })
        .catch((error: unknown) => {
          job.status = 'failed';
          job.error = error instanceof Error ? error.message : String(error);
        })
        .finally(async () => {
          job.finishedAt = options.clock();
          const counts = job.report
            ? {
                rows: job.report.lines.length,
                added: job.report.added,
                existing: job.report.existing,
                refused: job.report.refused,
              }
            : { error: job.error };
          // The request's own entry said it started; this one says how it ended.
          await options.audit
            .record({
              at: job.finishedAt,
              actor: 'console',
              action: 'subscribers.import.finished',
              target: job.id,
              status: job.status === 'done' ? 200 : 500,
              detail: { ...counts, confirmed: job.confirmed },
              ip: choice.ip,
              userAgent: choice.userAgent,
            })
            .catch(() => {});
        });
      return job;
    },
    get: (id: string) => jobs.get(id),
  };
}

export type ImportRegistry = ReturnType<typeof createImportRegistry>;
