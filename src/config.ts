import cron from 'node-cron';
import { z } from 'zod';
import { isTimeZone } from './time.js';

/**
 * One table of every setting: the variable, its default, how it is checked, and whether it is a
 * secret. `loadConfig(env)` reads it into one frozen object, or reports every bad value at once.
 * No I/O here: the generated secret is resolved at the edge (see `cli/context.ts`).
 */

/**
 * Each check fails with one message that says what the value must be, so a bad value reads
 * "GAZETTE_PORT must be a port number (1-65535), got \"abc\"" rather than a parser's words.
 */
function wholeNumber(min: number, max: number, message: string) {
  return z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((value) => value >= min && value <= max, message);
}
const positiveInt = wholeNumber(1, Number.MAX_SAFE_INTEGER, 'must be a whole number, 1 or more');
const nonNegativeInt = wholeNumber(0, Number.MAX_SAFE_INTEGER, 'must be a whole number, 0 or more');
const nonNegativeNumber = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a number, 0 or more')
  .transform(Number);
const port = wholeNumber(1, 65535, 'must be a port number (1-65535)');

const timezone = z.string().refine(isTimeZone, 'must be an IANA time zone (e.g. Europe/Berlin)');
const cronExpression = z
  .string()
  .refine((value) => cron.validate(value), 'must be a cron expression (e.g. "0 7 * * *")');
const httpUrl = z
  .string()
  .refine(
    (value) => /^https?:\/\/[^\s/]/.test(value) && URL.canParse(value),
    'must be a URL starting with http:// or https://',
  )
  .transform((value) => value.replace(/\/+$/, ''));
const smtpUrl = z
  .string()
  .refine(
    (value) => /^smtps?:\/\/[^\s/]/.test(value) && URL.canParse(value),
    'must be a URL starting with smtp:// or smtps://',
  );
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
/** `0.3%` (or `0.3`): a percentage, read as a fraction; `0` turns what it sets off. */
const percentage = z
  .string()
  .regex(/^\d+(\.\d+)?\s*%?$/, 'is not a percentage (e.g. 0.3%)')
  .transform((value) => Number.parseFloat(value) / 100)
  .refine((value) => value <= 1, 'must be at most 100%');
const secretOf = (min: number) =>
  z.string().min(min, `must be at least ${min} characters`).optional();
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
  .regex(/^[a-z0-9.-]+\.?[a-z0-9-]*$/i, 'must be a domain name')
  .transform((value) => value.toLowerCase());
const longSecret = z.string().min(16, 'must be at least 16 characters');

const options = {
  databaseUrl: {
    env: 'GAZETTE_DATABASE_URL',
    schema: databaseUrl,
    default: 'sqlite:data/gazette.db',
  },
  smtpUrl: { env: 'GAZETTE_SMTP_URL', schema: smtpUrl.optional(), secret: true },
  // Unset: http://localhost:$GAZETTE_PORT (see `loadConfig`).
  siteUrl: { env: 'GAZETTE_SITE_URL', schema: httpUrl.optional(), header: true },
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
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'must be a language tag (e.g. en, zh-CN)'),
    default: 'en',
  },
  port: { env: 'GAZETTE_PORT', schema: port, default: '8080' },
  articlesDir: { env: 'GAZETTE_ARTICLES_DIR', schema: z.string(), default: 'articles' },
  templatesDir: { env: 'GAZETTE_TEMPLATES_DIR', schema: z.string(), default: 'templates' },
  dataDir: { env: 'GAZETTE_DATA_DIR', schema: z.string(), default: 'data' },
  // Unset: the machine's own zone (see `loadConfig`).
  timezone: { env: 'GAZETTE_TIMEZONE', schema: timezone.optional() },
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
    schema: longSecret.optional(),
    secret: true,
  },
  adminToken: {
    env: 'GAZETTE_ADMIN_TOKEN',
    schema: longSecret.optional(),
    secret: true,
  },
  metricsToken: {
    env: 'GAZETTE_METRICS_TOKEN',
    schema: longSecret.optional(),
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
      .regex(/^[a-z0-9._-]+$/i, 'must be a DKIM selector (letters, digits, ".", "-", "_")')
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
  complaintPause: { env: 'GAZETTE_COMPLAINT_PAUSE', schema: percentage, default: '0.3%' },
  hookSesTopics: {
    env: 'GAZETTE_HOOK_SES_TOPICS',
    schema: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((arn) => arn.trim())
          .filter(Boolean),
      )
      .refine(
        (arns) => arns.every((arn) => /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(arn)),
        'must be SNS topic ARNs (arn:aws:sns:REGION:ACCOUNT:NAME), separated by commas',
      )
      .optional(),
  },
  hookSendgridKey: {
    env: 'GAZETTE_HOOK_SENDGRID_KEY',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/=\s-]+$/, "is not a base64 public key (SendGrid's verification key)")
      .optional(),
  },
  hookPostmarkToken: { env: 'GAZETTE_HOOK_POSTMARK_TOKEN', schema: secretOf(16), secret: true },
  hookMailgunKey: { env: 'GAZETTE_HOOK_MAILGUN_KEY', schema: secretOf(16), secret: true },
  hookSecret: { env: 'GAZETTE_HOOK_SECRET', schema: secretOf(16), secret: true },
  logLevel: {
    env: 'GAZETTE_LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be fatal, error, warn, info, debug, trace or silent',
    }),
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
type Parsed = { [K in keyof Options]: z.output<Options[K]['schema']> };
export type Config = Readonly<
  Omit<Parsed, 'siteUrl' | 'timezone'> & {
    siteUrl: string;
    timezone: string;
    /** The address part of `from`. */
    fromEmail: string;
  }
>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? (problems[0] as string)
        : `invalid configuration:\n  ${problems.join('\n  ')}`,
    );
    this.name = 'ConfigError';
  }
}

/** The zone this machine's clock is set to; UTC when the runtime cannot say. */
export function machineTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : 'UTC';
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
      const reason = parsed.error.issues[0]?.message ?? 'is not valid';
      const shown = option.secret ? ' (value hidden)' : `, got ${JSON.stringify(input)}`;
      problems.push(`${option.env} ${reason}${shown}`);
    }
  }
  const dkim = ['GAZETTE_DKIM_DOMAIN', 'GAZETTE_DKIM_SELECTOR', 'GAZETTE_DKIM_KEY'];
  const dkimSet = dkim.filter((name) => env[name]?.trim());
  if (dkimSet.length > 0 && dkimSet.length < dkim.length) {
    problems.push(`DKIM needs all of ${dkim.join(', ')}; only ${dkimSet.join(', ')} set`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const from = parseFromAddress(values.from as string);
  return Object.freeze({
    ...values,
    siteUrl: values.siteUrl ?? `http://localhost:${values.port}`,
    timezone: values.timezone ?? machineTimeZone(),
    fromEmail: from?.address ?? '',
  }) as Config;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Settings that are valid but probably not meant: a site URL on this machine at another port
 * than the server's, so every link, feed and email would point where nothing answers.
 */
export function configWarnings(config: Config): string[] {
  const url = new URL(config.siteUrl);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (!LOCAL_HOSTS.has(url.hostname) || port === config.port) return [];
  return [
    `GAZETTE_SITE_URL is ${config.siteUrl} but GAZETTE_PORT is ${config.port}: links in pages, ` +
      'feeds and emails point to a port Gazette does not listen on (unset GAZETTE_SITE_URL to ' +
      'follow the port)',
  ];
}

/** The configuration as printable lines, secrets masked. */
export function describeConfig(config: Config): string[] {
  return (Object.entries(options) as [keyof Options, Option][]).map(([key, option]) => {
    const value = config[key];
    const shown = value === undefined ? '(unset)' : option.secret ? '********' : String(value);
    return `${option.env}=${shown}`;
  });
}

/** The variables, defaults and secrecy of every option, for docs and `--help`. */
export function configTable(): { env: string; default: string | undefined; secret: boolean }[] {
  return Object.values(options as Record<string, Option>).map((option) => ({
    env: option.env,
    default: option.default ?? DERIVED_DEFAULTS[option.env],
    secret: option.secret === true,
  }));
}

/** Defaults worked out at start-up, as the docs state them. */
const DERIVED_DEFAULTS: Record<string, string> = {
  GAZETTE_SITE_URL: 'http://localhost:$GAZETTE_PORT',
  GAZETTE_TIMEZONE: "the machine's zone",
};

export function parseFromAddress(value: string): { name?: string; address: string } | undefined {
  const withName = /^\s*(.*?)\s*<([^<>\s@]+@[^<>\s@]+)>\s*$/.exec(value);
  if (withName?.[2]) {
    const name = withName[1]?.replace(/^"|"$/g, '');
    return name ? { name, address: withName[2] } : { address: withName[2] };
  }
  const bare = /^\s*([^<>\s@]+@[^<>\s@]+)\s*$/.exec(value);
  return bare?.[1] ? { address: bare[1] } : undefined;
}
