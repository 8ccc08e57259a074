import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

const REDACTED = [
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
];

/**
 * JSON logs. Secrets and message bodies never reach a log: the fields that could carry them are
 * redacted wherever they appear. `human`: one plain line per entry instead (a command run by a
 * person at a terminal), with the same redaction.
 */
export function createLogger(level: string, destination: 1 | 2 = 1, human = false): Logger {
  const out = pino.destination({ fd: destination, sync: destination === 2 || human });
  return pino(
    {
      level,
      base: { service: 'gazette' },
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    human ? humanLines(out) : out,
  );
}

const LABELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'note',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};
const CLEAR_LINE = '\u001b[K';
const QUIET_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg']);

/**
 * `warning: message (key=value …)` from each JSON line pino writes, on a line of its own: a
 * progress bar being drawn is cleared first (and redraws itself on its next update).
 */
function humanLines(out: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const details = Object.entries(entry)
        .filter(([key, value]) => !QUIET_FIELDS.has(key) && value !== undefined)
        .map(([key, value]) => `${key}=${detail(value)}`);
      const label = LABELS[entry.level as number] ?? 'log';
      const suffix = details.length > 0 ? ` (${details.join(', ')})` : '';
      out.write(`\r${CLEAR_LINE}${label}: ${String(entry.msg ?? '')}${suffix}\n`);
    },
  };
}

function detail(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'message' in value) return String(value.message);
  return JSON.stringify(value);
}
