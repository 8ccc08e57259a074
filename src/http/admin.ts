import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ADMIN_API_AUDIT } from '../console/index.js';
import { RUN_ACTIONS, type RunAction } from '../send/index.js';
import type { AuditEntry } from '../store/index.js';
import type { AdminBackend } from './admin-backend.js';
import { clamp, operatorName, parseSend, readJson } from './admin-input.js';
import { type AdminRunDetail, cursorAfter, runJson, subscriberPage } from './admin-json.js';
import type { AppDeps } from './app.js';
import { hasBearer } from './bearer.js';
import { clientAddress, userAgent } from './request.js';

export type { AdminBackend };

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

  // Wrong tokens are counted per client over every process, as the console counts sign-ins:
  // after a few the client is refused for a while, with the right token too, so guessing
  // costs a window per few tries. Refusals while it waits are counted without a row each.
  app.use('/admin/*', async (c, next) => {
    const now = new Date();
    const ip = clientAddress(c);
    const attempt = {
      at: now,
      actor: ADMIN_API_AUDIT.actor,
      action: ADMIN_API_AUDIT.action,
      target: null,
      ip,
      userAgent: userAgent(c),
    };
    const wait = await admin.signInWait(ip, now);
    if (wait > 0) {
      await admin.auditRefusal({
        ...attempt,
        status: ADMIN_API_AUDIT.refused,
        detail: { reason: 'too many wrong tokens' },
      });
      c.header('Retry-After', String(wait));
      return c.json({ error: `too many wrong tokens; try again in ${wait} seconds` }, 429);
    }
    if (!hasBearer(c, token)) {
      deps.logger.warn({ path: c.req.path, ip }, 'admin request refused');
      // This row is the failure the limit counts: it must be written before answering.
      await admin.audit({
        ...attempt,
        status: ADMIN_API_AUDIT.failed,
        detail: { path: c.req.path.slice(0, 200) },
      });
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
    if ('unfinished' in result) {
      const { unfinished } = result;
      await audit(c, {
        action: 'sends.create',
        target: unfinished.id,
        status: 409,
        detail: parsed.value,
      });
      return c.json(
        {
          error: unfinished.pausedAt
            ? 'a run of this frequency is paused: resume or cancel it first'
            : 'a run of this frequency is unfinished; it is resumed first',
          run: runJson(unfinished),
        },
        409,
      );
    }
    const { dryRun } = parsed.value;
    const status = dryRun ? 200 : 202;
    await audit(c, {
      action: 'sends.create',
      target: result.started.id,
      status,
      detail: parsed.value,
    });
    return c.json(runJson(result.started, dryRun), status);
  });

  app.get('/admin/runs', async (c) => {
    const limit = clamp(c.req.query('limit'), 50, 500);
    const runs = (await admin.runs(limit)).map((summary) => runJson(summary));
    await audit(c, { action: 'runs.list', target: null, status: 200, detail: { limit } });
    return c.json(runs);
  });

  app.get('/admin/runs/:id', async (c) => {
    const id = c.req.param('id');
    const found = RUN_ID.test(id) ? await admin.run(id) : undefined;
    await audit(c, {
      action: 'runs.show',
      target: id.slice(0, 100),
      status: found ? 200 : 404,
      detail: null,
    });
    if (!found) return c.json({ error: 'no such run' }, 404);
    const detail: AdminRunDetail = { ...runJson(found.summary), failures: found.failures };
    return c.json(detail);
  });

  // The console's run buttons, for scripts: pause, resume, cancel, retry (`?unknown=1`).
  app.post('/admin/runs/:id/:action', async (c) => {
    const id = c.req.param('id');
    const what = c.req.param('action') as RunAction;
    if (!RUN_ACTIONS.includes(what)) return c.json({ error: 'no such action' }, 404);
    const unknown = what === 'retry' && ['1', 'true'].includes(c.req.query('unknown') ?? '');
    const result = RUN_ID.test(id)
      ? await admin.controlRun(id, what, { unknown })
      : ({ refused: 'missing' } as const);
    const entry = { action: `runs.${what}`, target: id.slice(0, 100) };
    if ('refused' in result) {
      const [status, error] =
        result.refused === 'missing'
          ? ([404, 'no such run'] as const)
          : [409 as const, result.reason];
      await audit(c, { ...entry, status, detail: null });
      return c.json({ error }, status);
    }
    await audit(c, { ...entry, status: 200, detail: { changed: result.changed, unknown } });
    return c.json({ ...runJson(result.summary), changed: result.changed });
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
    const found = await admin.subscribers({
      limit,
      ...(q ? { q } : {}),
      ...(status ? { status: status as (typeof STATUSES)[number] } : {}),
      ...(cursor ? { after: cursorAfter(cursor) } : { offset: (page - 1) * limit }),
    });
    await audit(c, {
      action: 'subscribers.list',
      target: null,
      status: 200,
      detail: { q: q ?? null, status: status ?? null, page, cursor: cursor ? 'yes' : null },
    });
    return c.json(subscriberPage(found, { page, limit }));
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
    const unknown = email ? [] : categories.filter((slug) => !admin.categories().includes(slug));
    const result =
      unknown.length > 0
        ? ({ status: 400, error: `unknown categories: ${unknown.join(', ')}` } as const)
        : previewAnswer(await admin.preview(email ? { email } : { categories }));
    const target = email ?? categories.join(',');
    await audit(c, { action: 'preview', target, status: result.status, detail: null });
    if (result.status !== 200) return c.json({ error: result.error }, result.status);
    return c.html(result.html, 200, { 'X-Digest-Subject': encodeURIComponent(result.subject) });
  });
}

/** A run id as the store makes them: anything else is no run, without asking. */
const RUN_ID = /^[\w.:-]{1,100}$/;

function previewAnswer(
  preview: Awaited<ReturnType<AdminBackend['preview']>>,
): { status: 200; html: string; subject: string } | { status: 404; error: string } {
  if (!('missing' in preview)) return { status: 200, ...preview };
  const error =
    preview.missing === 'subscriber'
      ? 'no subscriber with that address'
      : 'nothing to send: no articles';
  return { status: 404, error };
}
