import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configTable,
  configWarnings,
  describeConfig,
  loadConfig,
} from '../src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('runs on its defaults', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('sqlite:data/gazette.db');
    expect(config.siteUrl).toBe('http://localhost:8080');
    expect(config.port).toBe(8080);
    expect(config.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(config.dailyCron).toBe('0 7 * * *');
    expect(config.weeklyCron).toBe('0 7 * * 1');
    expect(config.fromEmail).toBe('news@localhost');
    expect(config.smtpPool).toBe(5);
    expect(config.feedItems).toBe(50);
    expect(config.firstDigestItems).toBe(5);
    expect(config.digestMaxItems).toBe(20);
    expect(config.catchupHours).toBe(6);
    expect(config.subscribeRate).toBe(10);
    expect(config.smtpUrl).toBeUndefined();
    expect(config.adminToken).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads values and trims a trailing slash from the site URL', () => {
    const config = loadConfig({
      GAZETTE_SITE_URL: 'https://news.example.org/',
      GAZETTE_PORT: '9000',
      GAZETTE_DATABASE_URL: 'postgres://u@db/gazette',
      GAZETTE_DAILY_CRON: '30 6 * * *',
      GAZETTE_FROM: '"The Daily" <daily@example.org>',
    });
    expect(config.siteUrl).toBe('https://news.example.org');
    expect(config.port).toBe(9000);
    expect(config.fromEmail).toBe('daily@example.org');
  });

  it('names every bad variable and what is wrong with it, at once', () => {
    const found = problems({
      GAZETTE_PORT: 'eighty',
      GAZETTE_TIMEZONE: 'Nowhere/City',
      GAZETTE_DAILY_CRON: 'every morning',
      GAZETTE_SITE_URL: 'ftp://example.org',
      GAZETTE_DATABASE_URL: 'mysql://x',
      GAZETTE_FROM: 'not an address',
      GAZETTE_SMTP_POOL: '0',
      GAZETTE_SMTP_URL: 'http://mail',
      GAZETTE_FEED_ITEMS: '-1',
    });
    expect(found.map((line) => line.split(' ')[0])).toEqual([
      'GAZETTE_DATABASE_URL',
      'GAZETTE_SMTP_URL',
      'GAZETTE_SITE_URL',
      'GAZETTE_PORT',
      'GAZETTE_TIMEZONE',
      'GAZETTE_DAILY_CRON',
      'GAZETTE_FROM',
      'GAZETTE_SMTP_POOL',
      'GAZETTE_FEED_ITEMS',
    ]);
    expect(found).toContain(
      'GAZETTE_TIMEZONE must be an IANA time zone (e.g. Europe/Berlin), got "Nowhere/City"',
    );
    expect(found).toContain('GAZETTE_PORT must be a port number (1-65535), got "eighty"');
    expect(found).toContain('GAZETTE_FEED_ITEMS must be a whole number, 1 or more, got "-1"');
  });

  it('says what a bad value must be, in the words of the variable', () => {
    expect(() => loadConfig({ GAZETTE_PORT: 'abc' })).toThrow(
      new ConfigError(['GAZETTE_PORT must be a port number (1-65535), got "abc"']),
    );
    expect(problems({ GAZETTE_PORT: '65536', GAZETTE_SEND_RATE: 'fast' })).toEqual([
      'GAZETTE_PORT must be a port number (1-65535), got "65536"',
      'GAZETTE_SEND_RATE must be a number, 0 or more, got "fast"',
    ]);
    expect(problems({ GAZETTE_LOG_LEVEL: 'loud' })[0]).toBe(
      'GAZETTE_LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent, got "loud"',
    );
  });

  it('takes the site URL from the port unless it is set, and warns of localhost on another port', () => {
    const ported = loadConfig({ GAZETTE_PORT: '18087' });
    expect(ported.siteUrl).toBe('http://localhost:18087');
    expect(configWarnings(ported)).toEqual([]);
    const elsewhere = loadConfig({
      GAZETTE_PORT: '18087',
      GAZETTE_SITE_URL: 'http://localhost:8080',
    });
    expect(elsewhere.siteUrl).toBe('http://localhost:8080');
    expect(configWarnings(elsewhere)).toEqual([
      expect.stringMatching(
        /^GAZETTE_SITE_URL is http:\/\/localhost:8080 but GAZETTE_PORT is 18087/,
      ),
    ]);
    const proxied = loadConfig({
      GAZETTE_PORT: '18087',
      GAZETTE_SITE_URL: 'https://news.example.org',
    });
    expect(configWarnings(proxied)).toEqual([]);
    expect(configWarnings(loadConfig({ GAZETTE_SITE_URL: 'http://127.0.0.1' }))).toHaveLength(1);
  });

  it('.env.example lists every variable', () => {
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const listed = new Set([...example.matchAll(/^#? ?(GAZETTE_[A-Z_]+)=/gm)].map((m) => m[1]));
    const missing = configTable()
      .map((option) => option.env)
      .filter((name) => !listed.has(name));
    expect(missing).toEqual([]);
    expect(listed.size).toBe(configTable().length);
  });

  it('never prints a secret', () => {
    const found = problems({
      GAZETTE_ADMIN_TOKEN: 'short',
      GAZETTE_SMTP_URL: 'http://user:hunter2@mail',
    });
    expect(found.join('\n')).not.toMatch(/short|hunter2/);
    const config = loadConfig({
      GAZETTE_ADMIN_TOKEN: 'a-very-long-admin-token',
      GAZETTE_SMTP_URL: 'smtp://u:hunter2@mail:25',
    });
    const printed = describeConfig(config).join('\n');
    expect(printed).not.toMatch(/a-very-long-admin-token|hunter2/);
    expect(printed).toContain('GAZETTE_ADMIN_TOKEN=********');
  });

  it('wants all DKIM settings or none', () => {
    expect(problems({ GAZETTE_DKIM_DOMAIN: 'example.org' })[0]).toMatch(/DKIM needs all of/);
  });
});
