import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** Answers some requests before Hono sees them; returns false to pass one on. */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Listens on `port` (0 picks a free one) and resolves once it accepts connections. A `front`
 * handler, if given, answers first (see `feedFastPath`); Hono answers the rest.
 */
export function listen(
  app: Hono,
  port: number,
  hostname = '0.0.0.0',
  front?: FrontHandler,
): Promise<RunningServer> {
  const hono = getRequestListener(app.fetch);
  const server = createServer((req, res) => {
    if (front?.(req, res)) return;
    void hono(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
