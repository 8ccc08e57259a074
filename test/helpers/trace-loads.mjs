// `node --import ./test/helpers/trace-loads.mjs ...`: prints `loaded PACKAGE` on stderr for each
// heavy package the process loads (see trace-loads-hooks.mjs).
import { register } from 'node:module';

register(new URL('./trace-loads-hooks.mjs', import.meta.url));
