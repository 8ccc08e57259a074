import {
  type DeliveryLookup,
  type DeliveryRef,
  type EnvelopeReading,
  resolveDelivery,
} from '../complaints/index.js';
import { genericHook } from './generic.js';
import { mailgunHook } from './mailgun.js';
import { postmarkHook } from './postmark.js';
import { sendgridHook } from './sendgrid.js';
import { sesHook } from './ses.js';
import {
  type HookEvent,
  HookRefused,
  type HookRequest,
  type ParsedHook,
  PROVIDERS,
  type Provider,
} from './types.js';

/** An event with the delivery it names. */
export interface MatchedEvent {
  event: HookEvent;
  delivery: DeliveryRef;
}

/** Where relay events are applied; `store/` implements it. */
export interface HookStore {
  deliveries: DeliveryLookup;
  /**
   * In one transaction, each event once (by provider and event id), with an audit entry each:
   * a complaint marks the subscriber complained, a hard bounce bounces the delivery and its
   * subscriber, a soft one is kept as a report, an unsubscribe unsubscribes. Returns the runs
   * with a new complaint, for the complaint-rate guard.
   */
  apply(
    provider: Provider,
    events: MatchedEvent[],
    now: Date,
  ): Promise<{ applied: number; duplicates: number; complainedRuns: string[] }>;
  /** Audits an authentic request that was refused (its events name no message of ours). */
  refused(provider: Provider, reason: string, events: HookEvent[], now: Date): Promise<void>;
}

/** The operator's keys and secrets; a provider without one is off (404). */
export interface HookSecrets {
  sesTopics?: readonly string[] | undefined;
  sendgridKey?: string | undefined;
  postmarkToken?: string | undefined;
  mailgunKey?: string | undefined;
  genericSecret?: string | undefined;
}

export interface HookDeps {
  store: HookStore;
  secrets: HookSecrets;
  readEnvelope: (address: string) => EnvelopeReading;
  /** After new complaints: the complaint-rate guard looks at their runs. */
  onComplaint?: (runId: string) => Promise<void>;
  /** The SNS seam: where certificates may be fetched (SNS's hosts in production), and how. */
  sns?: { snsUrl?: RegExp; fetch?: typeof fetch };
}

export interface HookAnswer {
  status: 200 | HookRefused['status'];
  body: Record<string, unknown>;
}

/** Events naming only an address are matched to the latest digest sent to it within this. */
const RECIPIENT_DAYS = 30;

interface Parser {
  parse(request: HookRequest, now: Date): Promise<ParsedHook>;
  confirm?(url: string): Promise<void>;
}

export function createHooks(deps: HookDeps) {
  const parsers = new Map<Provider, Parser>();
  const { secrets } = deps;
  if (secrets.sesTopics?.length)
    parsers.set('ses', sesHook({ topics: secrets.sesTopics, ...deps.sns }));
  if (secrets.sendgridKey) parsers.set('sendgrid', sendgridHook(secrets.sendgridKey));
  if (secrets.postmarkToken) parsers.set('postmark', postmarkHook(secrets.postmarkToken));
  if (secrets.mailgunKey) parsers.set('mailgun', mailgunHook(secrets.mailgunKey));
  if (secrets.genericSecret) parsers.set('generic', genericHook(secrets.genericSecret));

  async function receive(name: string, request: HookRequest, now: Date): Promise<HookAnswer> {
    const provider = PROVIDERS.find((p) => p === name);
    const parser = provider && parsers.get(provider);
    if (!provider || !parser) {
      return { status: 404, body: { error: `no hook ${name}: unknown, or its secret is unset` } };
    }
    let parsed: ParsedHook;
    try {
      parsed = await parser.parse(request, now);
    } catch (error) {
      if (error instanceof HookRefused) return refusal(error);
      throw error;
    }
    if (parsed.confirm) {
      await parser.confirm?.(parsed.confirm);
      return { status: 200, body: { confirmed: true } };
    }
    const matched: MatchedEvent[] = [];
    const unknown: HookEvent[] = [];
    const recipientSince = new Date(now.getTime() - RECIPIENT_DAYS * 86_400_000);
    for (const event of parsed.events) {
      const found = await resolveDelivery(event.refs, {
        readEnvelope: deps.readEnvelope,
        lookup: deps.store.deliveries,
        recipientSince,
      });
      if (found.kind === 'found') matched.push({ event, delivery: found.delivery });
      else unknown.push(event);
    }
    // All or nothing: a request that names a message we never sent changes nothing at all.
    if (unknown.length > 0) {
      const reason = `unknown message: no digest of ours to ${unknown.map((e) => e.refs.recipient).join(', ')}`;
      await deps.store.refused(provider, reason, unknown, now);
      return refusal(new HookRefused(422, reason));
    }
    const result = await deps.store.apply(provider, matched, now);
    for (const runId of result.complainedRuns) await deps.onComplaint?.(runId);
    return {
      status: 200,
      body: { applied: result.applied, duplicates: result.duplicates, ignored: parsed.ignored },
    };
  }

  return { receive, enabled: () => [...parsers.keys()] };
}

export type Hooks = ReturnType<typeof createHooks>;

function refusal(error: HookRefused): HookAnswer {
  return { status: error.status, body: { error: error.message } };
}
