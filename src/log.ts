import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs. Secrets and message bodies never reach a log: the fields that could carry them are
 * redacted wherever they appear.
 */
export function createLogger(level: string, destination: 1 | 2 = 1): Logger {
  return pino(
    {
      level,
      base: { service: 'gazette' },
      redact: {
        paths: [
          'token',
          '*.token',
          'secret',
          '*.secret',
          'password',
          '*.password',
          'html',
          '*.html',
          'text',
          '*.text',
          'raw',
          '*.raw',
          'authorization',
          '*.authorization',
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: destination, sync: destination === 2 }),
  );
}
