import { sameSecret } from '../../http/secret.js';
import type { Session } from './session.js';

/** Whether a posted form carries its session's CSRF token in the hidden `csrf` field. */
export function csrfOk(session: Session, fields: Record<string, unknown>): boolean {
  const value = fields.csrf;
  return typeof value === 'string' && value.length > 0 && sameSecret(value, session.csrf);
}
