export { signGeneric } from './generic.js';
export {
  createHooks,
  type HookAnswer,
  type HookDeps,
  type HookSecrets,
  type HookStore,
  type Hooks,
  type MatchedEvent,
} from './receive.js';
export { SNS_URL, stringToSign } from './sns.js';
export {
  type EventKind,
  type HookEvent,
  HookRefused,
  type HookRequest,
  PROVIDERS,
  type Provider,
} from './types.js';
