import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../src/config.js';

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
    expect(config.timezone).toBe('Asia/Shanghai');
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
    expect(found.map((line) => line.split('=')[0])).toEqual([
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
    expect(found.find((line) => line.startsWith('GAZETTE_TIMEZONE'))).toContain(
      'is not an IANA time zone',
    );
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
