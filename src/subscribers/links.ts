import type { Tokens } from './tokens.js';

/** The links every message to a subscriber carries (the digest's List-Unsubscribe too). */
export function subscriberLinks(
  siteUrl: string,
  tokens: Tokens,
  subscriberId: string,
  now: Date,
): { unsubscribe: string; preferences: string } {
  const base = siteUrl.replace(/\/+$/, '');
  return {
    unsubscribe: `${base}/unsubscribe?token=${tokens.sign(subscriberId, 'unsubscribe', now)}`,
    preferences: `${base}/preferences?token=${tokens.sign(subscriberId, 'preferences', now)}`,
  };
}

export function confirmLink(siteUrl: string, tokens: Tokens, subscriberId: string, now: Date) {
  return `${siteUrl.replace(/\/+$/, '')}/confirm?token=${tokens.sign(subscriberId, 'confirm', now)}`;
}
