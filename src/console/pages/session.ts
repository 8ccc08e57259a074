export type { Session } from '../index.js';

/** The console's cookie: the session id, `HttpOnly`, `SameSite=Strict`, under `/console`. */
export const SESSION_COOKIE = 'gazette_console';
