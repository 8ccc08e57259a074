import { MailError } from '../send/index.js';

interface SmtpFailure {
  message?: string;
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

/**
 * An SMTP failure as the send loop sees it. 5xx for the recipient or the message is that
 * recipient's bounce; 5xx anywhere else (the sender, our login) would fail every message alike,
 * so it stops the run. Lost connections are the server's state, not the message's. 421 ("service
 * not available, closing") and an enhanced 4.7.x code (policy: rate, reputation) ask us to slow
 * down; any other 4xx is this recipient's (its domain's) "try later".
 */
const ENHANCED = /^[245]\d\d[ -]([245]\.\d{1,3}\.\d{1,3})\b/;

export function classifySmtpError(error: unknown): MailError {
  const e = (error ?? {}) as SmtpFailure;
  const reply = e.response ? `: ${e.response}` : '';
  const text = `${e.message ?? String(error)}${reply}`.slice(0, 500);
  const code = e.responseCode;
  if (e.code === 'EAUTH') return new MailError(text, 'fatal', code);
  if (!code) {
    if (e.code === 'EMESSAGE' && e.command === 'MAIL FROM') return new MailError(text, 'fatal');
    return new MailError(text, 'connection');
  }
  const enhanced = ENHANCED.exec(e.response ?? '')?.[1];
  if (code === 421 || (code >= 400 && code < 500 && enhanced?.startsWith('4.7.'))) {
    return new MailError(text, 'slowdown', code, enhanced);
  }
  if (code >= 400 && code < 500) return new MailError(text, 'temporary', code, enhanced);
  if (code >= 500 && (e.command === 'RCPT TO' || e.command === 'DATA')) {
    return new MailError(text, 'permanent', code, enhanced);
  }
  return new MailError(text, 'fatal', code, enhanced);
}
