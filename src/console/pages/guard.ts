import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Config } from '../../config.js';
import { type Body, clientAddress, readBody, userAgent } from '../../http/request.js';
import type { Logger } from '../../log.js';
import type { ConsoleServices } from '../index.js';
import { csrfOk } from './csrf.js';
import { SESSION_COOKIE, type Session } from './session.js';

export interface ConsoleContext {
  config: Config;
  /** The token the console signs in with; a session opened with another one is over. */
  adminToken: string;
  logger: Logger;
  services: ConsoleServices;
}

type PageHandler = (c: Context, session: Session) => Response | Promise<Response>;
type ActionHandler = (
  c: Context,
  session: Session,
  fields: Record<string, unknown>,
) => Promise<{ response: Response; target?: string | null; detail?: Record<string, unknown> }>;

/** Looked up once per request, however many guards ask (the upload limit, then the action). */
const sessionsOfRequests = new WeakMap<Request, Promise<Session | undefined>>();

export function sessionOf(ctx: ConsoleContext, c: Context): Promise<Session | undefined> {
  let session = sessionsOfRequests.get(c.req.raw);
  if (!session) {
    session = ctx.services.sessions.get(
      getCookie(c, SESSION_COOKIE),
      ctx.services.clock(),
      ctx.adminToken,
    );
    sessionsOfRequests.set(c.req.raw, session);
  }
  return session;
}

/** For a long answer (a stream): whether its session still holds, asked afresh. */
export async function sessionStillOpen(ctx: ConsoleContext, c: Context): Promise<boolean> {
  const session = await ctx.services.sessions.get(
    getCookie(c, SESSION_COOKIE),
    ctx.services.clock(),
    ctx.adminToken,
  );
  return session !== undefined;
}

/** A page: without a session, the browser is sent to sign in (and back here afterwards). */
export function page(ctx: ConsoleContext, handler: PageHandler) {
  return async (c: Context) => {
    const session = await sessionOf(ctx, c);
    if (!session) return c.redirect('/console/login', 303);
    c.header('Cache-Control', 'no-store');
    return handler(c, session);
  };
}

/**
 * An action (a POST that changes something): refused with 403 without a session or without the
 * session's CSRF token, before anything is read or done. What it did goes to the audit log.
 * `read` is how the form is read (a route that takes a file passes one that accepts it).
 */
export function action(
  ctx: ConsoleContext,
  name: string,
  handler: ActionHandler,
  read: (c: Context) => Promise<Body> = readBody,
) {
  return async (c: Context) => {
    const session = await sessionOf(ctx, c);
    if (!session) return c.text('Forbidden: sign in first\n', 403);
    const body = await read(c);
    if (!body.ok) return c.text(`${body.message}\n`, body.status);
    if (!csrfOk(session, body.fields)) {
      await audit(ctx, c, name, 403, { reason: 'missing or wrong CSRF token' });
      return c.text('Forbidden: the form has no valid CSRF token; reload it and try again\n', 403);
    }
    const { response, target, detail } = await handler(c, session, body.fields);
    await audit(ctx, c, name, response.status, detail ?? null, target ?? null);
    return response;
  };
}

export async function audit(
  ctx: ConsoleContext,
  c: Context,
  actionName: string,
  status: number,
  detail: Record<string, unknown> | null,
  target: string | null = null,
  how: 'record' | 'refusal' = 'record',
): Promise<void> {
  try {
    await ctx.services.audit[how]({
      at: ctx.services.clock(),
      actor: 'console',
      action: actionName,
      target,
      status,
      detail,
      ip: clientAddress(c),
      userAgent: userAgent(c),
    });
  } catch (error) {
    // The action happened: failing to note it must not make it look as if it had not.
    ctx.logger.error({ err: error, action: actionName }, 'console: audit log write failed');
  }
}

/** One text field of a form, trimmed; undefined when absent. */
export function field(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : undefined;
}

/** A repeated field (checkboxes) as a list. */
export function fieldList(fields: Record<string, unknown>, name: string): string[] {
  return [fields[name]].flat().filter((v): v is string => typeof v === 'string' && v !== '');
}
