import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RUN_ACTIONS, type RunAction } from '../send/index.js';
import type { AuditEntry } from '../store/index.js';
import type { AdminRun } from './admin-service.js';
import type { AppDeps } from './deps.js';
import { clientAddress, userAgent } from './request.js';
import { sameSecret } from './secret.js';

const FREQUENCIES = ['daily', 'weekly'] as const;
const STATUSES = ['pending', 'confirmed', 'unsubscribed', 'bounced', 'complained'] as const;

/**
 * The admin API: JSON under `/admin/`, for a bearer token only. Without `GAZETTE_ADMIN_TOKEN` it
 * does not exist (404). The token is compared in constant time, and nothing but the
 * `Authorization` header is read: a cookie is never a credential here, so a page in an
 * operator's browser cannot act through it. Every answered request is written to the audit log.
 */
export function adminRoutes(app: Hono, deps: AppDeps): void {
  const token = deps.config.adminToken;
  const admin = deps.admin;
  if (!token || !admin) {
    app.all('/admin/*', (c) => c.text('Not found\n', 404));
    return;
  }
  const fingerprint = createHash('sha256').update(token).digest('hex').slice(0, 12);

  app.use('/admin/*', async (c, next) => {
    const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1] || !sameSecret(match[1], token)) {
      deps.logger.warn({ path: c.req.path, ip: clientAddress(c) }, 'admin request refused');
      c.header('WWW-Authenticate', 'Bearer realm="gazette-admin"');
      return c.json({ error: 'a valid bearer token is required' }, 401);
    }
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.post(
    '/admin/*',
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'body too large' }, 413) }),
  );

  /** Who did it: the name an operator may give, and which token (never the token itself). */
  const audit = (c: Context, entry: Omit<AuditEntry, 'at' | 'actor' | 'ip' | 'userAgent'>) => {
    const name = operatorName(c);
    return admin.audit({
      ...entry,
      at: new Date(),
      actor: name ? `${name} (token ${fingerprint})` : `token ${fingerprint}`,
      ip: clientAddress(c),
      userAgent: userAgent(c),
    });
  };

  app.post('/admin/sends', async (c) => {
    const body = await readJson(c);
    const parsed = body.ok ? parseSend(body.value, admin.categories()) : body;
    if (!parsed.ok) {
      await audit(c, {
        action: 'sends.create',
        target: null,
        status: 400,
        detail: { error: parsed.error },
      });
      return c.json({ error: parsed.error }, 400);
    }
    const result = await admin.startSend({
      ...parsed.value,
      startedBy: `admin:${operatorName(c) || fingerprint}`,
    });
    if (!result.ok) {
      await audit(c, {
        action: 'sends.create',
        target: result.unfinished.id,
        status: 409,
        detail: parsed.value,
      });
      return c.json(
        {
          error: result.unfinished.pausedAt
            ? 'a run of this frequency is paused: resume or cancel it first'
            : 'a run of this frequency is unfinished; it is resumed first',
          run: result.unfinished,
        },
        409,
      );
    }
    const status = parsed.value.dryRun ? 200 : 202;
    await audit(c, { action: 'sends.create', target: result.run.id, status, detail: parsed.value });
    return c.json(result.run, status);
  });

  app.get('/admin/runs', async (c) => {
    const limit = clamp(c.req.query('limit'), 50, 500);
    const runs: AdminRun[] = await admin.runs(limit);
    await audit(c, { action: 'runs.list', target: null, status: 200, detail: { limit } });
    return c.json(runs);
  });

  app.get('/admin/runs/:id', async (c) => {
    const id = c.req.param('id');
    const run = /^[\w.:-]{1,100}$/.test(id) ? await admin.run(id) : undefined;
    await audit(c, {
      action: 'runs.show',
      target: id.slice(0, 100),
      status: run ? 200 : 404,
      detail: null,
    });
    return run ? c.json(run) : c.json({ error: 'no such run' }, 404);
  });

  // The console's run buttons, for scripts: pause, resume, cancel, retry (`?unknown=1`).
  app.post('/admin/runs/:id/:action', async (c) => {
    const id = c.req.param('id');
    const what = c.req.param('action') as RunAction;
    if (!RUN_ACTIONS.includes(what)) return c.json({ error: 'no such action' }, 404);
    const unknown = what === 'retry' && ['1', 'true'].includes(c.req.query('unknown') ?? '');
    const result = /^[\w.:-]{1,100}$/.test(id)
      ? await admin.controlRun(id, what, { unknown })
      : ({ status: 404, error: 'no such run' } as const);
    await audit(c, {
      action: `runs.${what}`,
      target: id.slice(0, 100),
      status: result.status,
      detail: result.status === 200 ? { changed: result.changed, unknown } : null,
    });
    if (result.status !== 200) return c.json({ error: result.error }, result.status);
    return c.json({ ...result.run, changed: result.changed });
  });

  app.get('/admin/subscribers', async (c) => {
    const status = c.req.query('status');
    if (status && !(STATUSES as readonly string[]).includes(status)) {
      return c.json({ error: `status must be one of ${STATUSES.join(', ')}` }, 400);
    }
    const limit = clamp(c.req.query('limit'), 50, 200);
    const page = clamp(c.req.query('page'), 1, 1_000_000);
    const q = c.req.query('q')?.trim().slice(0, 200) || undefined;
    const cursor = c.req.query('cursor') || undefined;
    const result = await admin.subscribers({
      limit,
      page,
      ...(q ? { q } : {}),
      ...(status ? { status: status as (typeof STATUSES)[number] } : {}),
      ...(cursor ? { cursor } : {}),
    });
    await audit(c, {
      action: 'subscribers.list',
      target: null,
      status: 200,
      detail: { q: q ?? null, status: status ?? null, page, cursor: cursor ? 'yes' : null },
    });
    return c.json(result);
  });

  app.get('/admin/preview', async (c) => {
    const email = c.req.query('email')?.trim();
    const categoriesText = c.req.query('categories');
    if (Boolean(email) === (categoriesText !== undefined)) {
      return c.json({ error: 'give either ?email= or ?categories=a,b' }, 400);
    }
    const categories = (categoriesText ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const result = await admin.preview(email ? { email } : { categories });
    const target = email ?? categories.join(',');
    await audit(c, { action: 'preview', target, status: result.status, detail: null });
    if (result.status !== 200) return c.json({ error: result.error }, result.status);
    return c.html(result.html, 200, { 'X-Digest-Subject': encodeURIComponent(result.subject) });
  });
}

/** The name an operator may give in `X-Gazette-Operator`, kept to plain characters. */
function operatorName(c: Context): string | undefined {
  return c.req
    .header('x-gazette-operator')
    ?.replace(/[^\w .@-]/g, '')
    .slice(0, 64);
}

function clamp(text: string | undefined, fallback: number, max: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? Math.min(value, max) : fallback;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

async function readJson(c: Context): Promise<Parsed<Record<string, unknown>>> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, value: {} };
  if (!/^application\/json\b/i.test(type))
    return { ok: false, error: 'send JSON (application/json)' };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { ok: true, value: value as Record<string, unknown> };
    }
  } catch {}
  return { ok: false, error: 'the body must be a JSON object' };
}

function parseSend(
  body: Record<string, unknown>,
  known: readonly string[],
): Parsed<{ frequency: 'daily' | 'weekly'; categories: string[]; dryRun: boolean }> {
  const frequency = body.frequency ?? 'daily';
  if (!(FREQUENCIES as readonly unknown[]).includes(frequency)) {
    return { ok: false, error: 'frequency must be "daily" or "weekly"' };
  }
  const raw = body.categories ?? [];
  const list = typeof raw === 'string' ? raw.split(',') : raw;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    return { ok: false, error: 'categories must be a list of category slugs' };
  }
  const categories = [...new Set(list.map((item) => item.trim()).filter(Boolean))];
  const unknown = categories.filter((slug) => !known.includes(slug));
  if (unknown.length > 0) {
    return { ok: false, error: `unknown categories: ${unknown.slice(0, 5).join(', ')}` };
  }
  const dryRun = body.dryRun ?? false;
  if (typeof dryRun !== 'boolean') return { ok: false, error: 'dryRun must be true or false' };
  return { ok: true, value: { frequency: frequency as 'daily' | 'weekly', categories, dryRun } };
}
