import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from './app.js';

/** SendGrid posts up to a few hundred events at once; nothing a relay sends is larger. */
const MAX_BODY = 2 * 1024 * 1024;

/**
 * `POST /hooks/{provider}`: relays' signed bounce, complaint and unsubscribe events. Thin: the
 * raw body and headers go to the hooks, whose answer (a status and JSON) goes back as it is.
 */
export function hookRoutes(app: Hono, deps: AppDeps): void {
  const { hooks } = deps;
  if (!hooks) return;
  app.post(
    '/hooks/:provider',
    bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.json({ error: 'body too large' }, 413) }),
    async (c) => {
      const provider = c.req.param('provider');
      const answer = await hooks.receive(
        provider,
        { body: await c.req.text(), header: (name) => c.req.header(name) },
        new Date(),
      );
      if (answer.status >= 400) {
        deps.logger.warn(
          { provider, status: answer.status, reason: answer.body.error },
          'relay event refused',
        );
      }
      return c.json(answer.body, answer.status);
    },
  );
  app.all('/hooks/:provider', (c) => {
    c.header('Allow', 'POST');
    return c.json({ error: 'method not allowed: POST only' }, 405);
  });
}
