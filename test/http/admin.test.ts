import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  type AdminBackend,
  type AdminRun,
  createApp,
  createMetrics,
  type HealthCheck,
} from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import type { RunSummary } from '../../src/send/index.js';
import type { AuditEntry } from '../../src/store/index.js';
import { staticSite } from '../helpers/site.js';

const TOKEN = 'a-long-enough-admin-token';
const run: AdminRun = {
  id: '20240621T070000Z-abcdef',
  kind: 'digest',
  frequency: 'daily',
  categories: [],
  status: 'planned',
  startedBy: 'admin:x',
  dryRun: false,
  slot: null,
  planned: 3,
  sent: 0,
  failed: 0,
  skipped: 0,
  pending: 3,
  inFlight: 0,
  progress: 0,
  windowStart: null,
  windowEnd: '2024-06-21T07:00:00.000Z',
  createdAt: '2024-06-21T07:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  pausedAt: null,
  pauseReason: null,
  lastError: null,
};
/** The run as the send domain sums it up: the API must show it as `run`. */
const summary: RunSummary = {
  ...run,
  status: 'planned',
  windowStart: null,
  windowEnd: new Date(run.windowEnd),
  createdAt: new Date(run.createdAt),
  startedAt: null,
  finishedAt: null,
  pausedAt: null,
  resumeAt: null,
};

function app(options: { token?: string; unfinished?: boolean; health?: HealthCheck[] } = {}) {
  const audit: AuditEntry[] = [];
  const requests: unknown[] = [];
  const backend: AdminBackend = {
    async startSend(request) {
      requests.push(request);
      return options.unfinished
        ? { unfinished: { ...summary, status: 'sending' } }
        : { started: summary };
    },
    runs: async () => [summary],
    run: async (id) => (id === run.id ? { summary, failures: [] } : undefined),
    subscribers: async () => ({ rows: [], total: 0 }),
    preview: async () => ({ html: '<p>digest</p>', subject: 'Gazette' }),
    async controlRun(id, action, opts) {
      requests.push({ id, action, ...opts });
      if (id !== run.id) return { refused: 'missing' };
      const pausedAt = action === 'pause' ? new Date('2024-06-21T07:01:00.000Z') : null;
      return { summary: { ...summary, pausedAt }, changed: 1 };
    },
    categories: () => ['biz-updates'],
    audit: async (entry) => {
      audit.push(entry);
    },
    signInWait: async () => 0,
    auditRefusal: async (entry) => {
      audit.push(entry);
    },
  };
  const config = loadConfig(options.token ? { GAZETTE_ADMIN_TOKEN: options.token } : {});
  const hono = createApp({
    config,
    logger: createLogger('silent'),
    site: staticSite(),
    admin: backend,
    metrics: createMetrics(),
    ...(options.health ? { health: options.health } : {}),
  });
  return { hono, audit, requests };
}

const bearer = { authorization: `Bearer ${TOKEN}` };
const json = { 'content-type': 'application/json' };

describe('admin API', () => {
  it('does not exist without GAZETTE_ADMIN_TOKEN', async () => {
    const { hono } = app();
    for (const path of ['/admin/runs', '/admin/subscribers', '/admin/preview']) {
      expect((await hono.request(path, { headers: bearer })).status).toBe(404);
    }
    expect((await hono.request('/admin/sends', { method: 'POST', headers: bearer })).status).toBe(
      404,
    );
  });

  it('answers 401 to a missing or wrong token and never takes a cookie', async () => {
    const { hono, audit, requests } = app({ token: TOKEN });
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-the-token' },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: TOKEN },
      { cookie: `gazette_admin=${TOKEN}` },
      { cookie: `authorization=Bearer ${TOKEN}` },
    ];
    for (const headers of attempts) {
      const response = await hono.request('/admin/sends', {
        method: 'POST',
        headers: { ...headers, ...json },
        body: '{}',
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect(requests).toHaveLength(0);
    // Each is a failed sign-in, for the limit (see brute-force.test.ts); none acted.
    expect(new Set(audit.map((a) => [a.action, a.status].join(' ')))).toEqual(
      new Set(['admin.sign-in 401']),
    );
  });

  it('starts a dry run and a real one, and audits who asked for what', async () => {
    const { hono, audit, requests } = app({ token: TOKEN });
    const dry = await hono.request('/admin/sends', {
      method: 'POST',
      headers: { ...bearer, ...json, 'x-gazette-operator': 'alice' },
      body: JSON.stringify({ frequency: 'weekly', categories: ['biz-updates'], dryRun: true }),
    });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ id: run.id, dryRun: true });
    const real = await hono.request('/admin/sends', { method: 'POST', headers: bearer });
    expect(real.status).toBe(202);
    expect(requests).toEqual([
      { frequency: 'weekly', categories: ['biz-updates'], dryRun: true, startedBy: 'admin:alice' },
      {
        frequency: 'daily',
        categories: [],
        dryRun: false,
        startedBy: expect.stringMatching(/^admin:[0-9a-f]{12}$/),
      },
    ]);
    expect(audit.map((a) => [a.action, a.status, a.target])).toEqual([
      ['sends.create', 200, run.id],
      ['sends.create', 202, run.id],
    ]);
    expect(audit[0]?.actor).toMatch(/^alice \(token [0-9a-f]{12}\)$/);
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
  });

  it('refuses a bad body with 400 and a second unfinished run with 409', async () => {
    const { hono } = app({ token: TOKEN });
    const bodies = [
      '{"frequency":"hourly"}',
      '{"categories":["nope"]}',
      '{"dryRun":"yes"}',
      '[1]',
      'not json',
    ];
    for (const body of bodies) {
      const response = await hono.request('/admin/sends', {
        method: 'POST',
        headers: { ...bearer, ...json },
        body,
      });
      expect(response.status, body).toBe(400);
    }
    const busy = app({ token: TOKEN, unfinished: true });
    const response = await busy.hono.request('/admin/sends', { method: 'POST', headers: bearer });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ run: { id: run.id, status: 'sending' } });
  });

  it('lists runs as an array, shows one, pages subscribers and previews', async () => {
    const { hono, audit } = app({ token: TOKEN });
    expect(await (await hono.request('/admin/runs', { headers: bearer })).json()).toEqual([run]);
    const one = await hono.request(`/admin/runs/${run.id}`, { headers: bearer });
    expect(await one.json()).toMatchObject({ id: run.id, failures: [] });
    expect((await hono.request('/admin/runs/missing', { headers: bearer })).status).toBe(404);
    const page = await hono.request('/admin/subscribers?q=ex&status=confirmed&page=2', {
      headers: bearer,
    });
    expect(await page.json()).toMatchObject({ page: 2, limit: 50, total: 0 });
    const badStatus = await hono.request('/admin/subscribers?status=gone', { headers: bearer });
    expect(badStatus.status).toBe(400);
    const preview = await hono.request('/admin/preview?categories=biz-updates', {
      headers: bearer,
    });
    expect(preview.headers.get('content-type')).toMatch(/text\/html/);
    expect(await preview.text()).toBe('<p>digest</p>');
    expect((await hono.request('/admin/preview', { headers: bearer })).status).toBe(400);
    expect(audit.map((a) => a.action)).toEqual([
      'runs.list',
      'runs.show',
      'runs.show',
      'subscribers.list',
      'preview',
    ]);
  });
});

describe('health and metrics', () => {
  it('pauses, resumes, cancels and retries a run for scripts, and audits each', async () => {
    const { hono, audit, requests } = app({ token: TOKEN });
    const paused = await hono.request(`/admin/runs/${run.id}/pause`, {
      method: 'POST',
      headers: bearer,
    });
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({
      id: run.id,
      changed: 1,
      pausedAt: expect.any(String),
    });
    const retried = await hono.request(`/admin/runs/${run.id}/retry?unknown=1`, {
      method: 'POST',
      headers: bearer,
    });
    expect(retried.status).toBe(200);
    expect(requests).toEqual([
      { id: run.id, action: 'pause', unknown: false },
      { id: run.id, action: 'retry', unknown: true },
    ]);
    const missing = await hono.request('/admin/runs/nope/resume', {
      method: 'POST',
      headers: bearer,
    });
    expect(missing.status).toBe(404);
    const odd = await hono.request(`/admin/runs/${run.id}/explode`, {
      method: 'POST',
      headers: bearer,
    });
    expect(odd.status).toBe(404);
    expect(requests).toHaveLength(3);
    expect(audit.map((a) => [a.action, a.status])).toEqual([
      ['runs.pause', 200],
      ['runs.retry', 200],
      ['runs.resume', 404],
    ]);
    const unauthenticated = await hono.request(`/admin/runs/${run.id}/cancel`, { method: 'POST' });
    expect(unauthenticated.status).toBe(401);
    expect(requests).toHaveLength(3);
  });

  it('answers 503 when a check is down, naming it without its URL', async () => {
    const { hono } = app({
      token: TOKEN,
      health: [
        { name: 'database', check: async () => {} },
        {
          name: 'smtp',
          check: async () => {
            throw new Error('connect ECONNREFUSED smtp://user:secret@mail.example.org:25');
          },
        },
      ],
    });
    expect((await hono.request('/healthz')).status).toBe(503);
    const response = await hono.request('/healthz', { headers: bearer });
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toMatchObject({
      status: 'down',
      checks: { database: { status: 'ok' }, smtp: { status: 'down' } },
    });
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('serves gazette_ metrics in the Prometheus format', async () => {
    const { hono } = app({ token: TOKEN });
    const response = await hono.request('/metrics', { headers: bearer });
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    for (const name of [
      'gazette_deliveries_sent_total',
      'gazette_deliveries_failed_total',
      'gazette_run_duration_seconds',
      'gazette_feed_builds_total',
      'gazette_feed_build_duration_seconds',
      'gazette_subscribers',
      'gazette_smtp_send_duration_seconds',
      'gazette_schedule_slots_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });
});
