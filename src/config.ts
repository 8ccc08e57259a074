import cron from 'node-cron';
import { z } from 'zod';
import { isTimeZone } from './time.js';

/**
 * One table of every setting: the variable, its default, how it is checked, and whether it is a
 * secret. `loadConfig(env)` reads it into one frozen object, or reports every bad value at once.
 * No I/O here: the generated secret is resolved at the edge (see `cli/context.ts`).
 */

const positiveInt = z.coerce.number().int().min(1);
const nonNegativeInt = z.coerce.number().int().min(0);
const nonNegativeNumber = z.coerce.number().min(0);
const port = z.coerce.number().int().min(1).max(65535);

const timezone = z.string().refine(isTimeZone, 'is not an IANA time zone (e.g. Europe/Berlin)');
const cronExpression = z
  .string()
  .refine((value) => cron.validate(value), 'is not a valid cron expression (e.g. "0 7 * * *")');
const httpUrl = z
  .string()
  .url('is not a URL')
  .refine((value) => /^https?:\/\//.test(value), 'must start with http:// or https://')
  .transform((value) => value.replace(/\/+$/, ''));
const smtpUrl = z
  .string()
  .url('is not a URL')
  .refine((value) => /^smtps?:\/\//.test(value), 'must start with smtp:// or smtps://');
const databaseUrl = z
  .string()
  .refine(
    (value) => /^sqlite:.+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value),
    'must be sqlite:PATH or postgres://...',
  );
const fromAddress = z
  .string()
  .refine(
    (value) => parseFromAddress(value) !== undefined,
    'must be an address, optionally with a name: "Name <user@example.org>"',
  );
/** Web origins (`https://example.org`), separated by commas or spaces; none by default. */
const originList = z
  .string()
  .transform((value) => value.split(/[\s,]+/).filter(Boolean))
  .pipe(
    z.array(
      z
        .string()
        .refine(
          (value) => /^https?:\/\/[^/?#\s]+$/i.test(value.replace(/\/$/, '')),
          'each must be an origin such as https://example.org (scheme and host, no path)',
        )
        .transform((value) => new URL(value).origin),
    ),
  );
const domain = z
  .string()
  .regex(/^[a-z0-9.-]+\.?[a-z0-9-]*$/i, 'is not a domain name')
  .transform((value) => value.toLowerCase());

const options = {
  databaseUrl: {
    env: 'GAZETTE_DATABASE_URL',
    schema: databaseUrl,
    default: 'sqlite:data/gazette.db',
  },
  smtpUrl: { env: 'GAZETTE_SMTP_URL', schema: smtpUrl.optional(), secret: true },
  siteUrl: {
    env: 'GAZETTE_SITE_URL',
    schema: httpUrl,
    default: 'http://localhost:8080',
    header: true,
  },
  siteName: {
    env: 'GAZETTE_SITE_NAME',
    schema: z.string().min(1),
    default: 'Gazette',
    header: true,
  },
  language: {
    env: 'GAZETTE_LANGUAGE',
    schema: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'is not a language tag (e.g. en, zh-CN)'),
    default: 'en',
  },
  port: { env: 'GAZETTE_PORT', schema: port, default: '8080' },
  articlesDir: { env: 'GAZETTE_ARTICLES_DIR', schema: z.string().min(1), default: 'articles' },
  templatesDir: { env: 'GAZETTE_TEMPLATES_DIR', schema: z.string().min(1), default: 'templates' },
  dataDir: { env: 'GAZETTE_DATA_DIR', schema: z.string().min(1), default: 'data' },
  timezone: { env: 'GAZETTE_TIMEZONE', schema: timezone, default: 'Asia/Shanghai' },
  dailyCron: { env: 'GAZETTE_DAILY_CRON', schema: cronExpression, default: '0 7 * * *' },
  weeklyCron: { env: 'GAZETTE_WEEKLY_CRON', schema: cronExpression, default: '0 7 * * 1' },
  from: {
    env: 'GAZETTE_FROM',
    schema: fromAddress,
    default: 'Gazette <news@localhost>',
    header: true,
  },
  secret: {
    env: 'GAZETTE_SECRET',
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
    secret: true,
  },
  adminToken: {
    env: 'GAZETTE_ADMIN_TOKEN',
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
    secret: true,
  },
  metricsToken: {
    env: 'GAZETTE_METRICS_TOKEN',
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
    secret: true,
  },
  subscribeOrigins: { env: 'GAZETTE_SUBSCRIBE_ORIGINS', schema: originList, default: '' },
  auditRetentionDays: {
    env: 'GAZETTE_AUDIT_RETENTION_DAYS',
    schema: positiveInt,
    default: '365',
  },
  sendRate: { env: 'GAZETTE_SEND_RATE', schema: nonNegativeNumber, default: '0' },
  smtpPool: { env: 'GAZETTE_SMTP_POOL', schema: positiveInt, default: '5' },
  dkimDomain: { env: 'GAZETTE_DKIM_DOMAIN', schema: domain.optional(), header: true },
  dkimSelector: {
    env: 'GAZETTE_DKIM_SELECTOR',
    schema: z
      .string()
      .regex(/^[a-z0-9._-]+$/i, 'is not a DKIM selector')
      .optional(),
    header: true,
  },
  dkimKey: { env: 'GAZETTE_DKIM_KEY', schema: z.string().min(1).optional() },
  websubHub: { env: 'GAZETTE_WEBSUB_HUB', schema: httpUrl.optional() },
  feedItems: { env: 'GAZETTE_FEED_ITEMS', schema: positiveInt, default: '50' },
  /** Lines added to `/robots.txt` (a literal `\n` also separates lines, for one-line env files). */
  robotsExtra: { env: 'GAZETTE_ROBOTS_EXTRA', schema: z.string().optional() },
  /** The publisher's logo in structured data: an absolute URL, or a path on this site. */
  publisherLogo: {
    env: 'GAZETTE_PUBLISHER_LOGO',
    schema: z
      .string()
      .regex(/^(https?:\/\/|\/)[^\s"<>]*$/, 'is not an http(s) URL or a path starting with /')
      .optional(),
  },
  firstDigestItems: { env: 'GAZETTE_FIRST_DIGEST_ITEMS', schema: positiveInt, default: '5' },
  digestMaxItems: { env: 'GAZETTE_DIGEST_MAX_ITEMS', schema: positiveInt, default: '20' },
  catchupHours: { env: 'GAZETTE_CATCHUP_HOURS', schema: nonNegativeNumber, default: '6' },
  subscribeRate: { env: 'GAZETTE_SUBSCRIBE_RATE', schema: positiveInt, default: '10' },
  sendHourlyCap: { env: 'GAZETTE_SEND_HOURLY_CAP', schema: nonNegativeInt, default: '0' },
  sendDailyCap: { env: 'GAZETTE_SEND_DAILY_CAP', schema: nonNegativeInt, default: '0' },
  mailDomain: { env: 'GAZETTE_MAIL_DOMAIN', schema: domain.optional(), header: true },
  inboundSmtpPort: { env: 'GAZETTE_INBOUND_SMTP_PORT', schema: port.optional() },
  logLevel: {
    env: 'GAZETTE_LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
  },
} as const satisfies Record<string, Option>;

interface Option {
  env: string;
  schema: z.ZodType;
  default?: string;
  secret?: boolean;
  /**
   * The value goes into mail headers (List-Id, From, Subject, List-Unsubscribe, DKIM): a line
   * break in it would start a header of its own (`Bcc:`), so one is refused at start-up.
   */
  header?: boolean;
}

const LINE_BREAK = /[\r\n]/;

type Options = typeof options;
export type Config = Readonly<
  { [K in keyof Options]: z.output<Options[K]['schema']> } & {
    /** The address part of `from`. */
    fromEmail: string;
  }
>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, option] of Object.entries(options) as [string, Option][]) {
    const raw = env[option.env];
    const input = raw === undefined || raw.trim() === '' ? option.default : raw.trim();
    if (option.header && input !== undefined && LINE_BREAK.test(input)) {
      const shown = option.secret ? '(hidden)' : JSON.stringify(input);
      problems.push(
        `${option.env}=${shown}: must not hold a line break (CR or LF): it goes into mail headers`,
      );
      continue;
    }
    const parsed = option.schema.safeParse(input);
    if (parsed.success) {
      values[key] = parsed.data;
    } else {
      const reason = parsed.error.issues.map((issue) => issue.message).join('; ');
      const shown = option.secret ? '(hidden)' : JSON.stringify(input);
      problems.push(`${option.env}=${shown}: ${reason}`);
    }
  }
  const dkim = ['GAZETTE_DKIM_DOMAIN', 'GAZETTE_DKIM_SELECTOR', 'GAZETTE_DKIM_KEY'];
  const dkimSet = dkim.filter((name) => env[name]?.trim());
  if (dkimSet.length > 0 && dkimSet.length < dkim.length) {
    problems.push(`DKIM needs all of ${dkim.join(', ')}; only ${dkimSet.join(', ')} set`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const from = parseFromAddress(values.from as string);
  return Object.freeze({ ...values, fromEmail: from?.address ?? '' }) as Config;
}

/** The configuration as printable lines, secrets masked. */
export function describeConfig(config: Config): string[] {
  return (Object.entries(options) as [keyof Options, Option][]).map(([key, option]) => {
    const value = config[key];
    const shown = value === undefined ? '(unset)' : option.secret ? '********' : String(value);
    return `${option.env}=${shown}`;
  });
}

export function parseFromAddress(value: string): { name?: string; address: string } | undefined {
  const withName = /^\s*(.*?)\s*<([^<>\s@]+@[^<>\s@]+)>\s*$/.exec(value);
  if (withName?.[2]) {
    const name = withName[1]?.replace(/^"|"$/g, '');
    return name ? { name, address: withName[2] } : { address: withName[2] };
  }
  const bare = /^\s*([^<>\s@]+@[^<>\s@]+)\s*$/.exec(value);
  return bare?.[1] ? { address: bare[1] } : undefined;
}
