import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { bounceFileImport, mailDomainOf } from '../app/index.js';
import {
  FEEDBACK,
  handleInbound,
  type InboundDeps,
  type InboundOutcome,
  logOutcome,
  parseFeedbackReport,
  recipientsInHeaders,
} from '../bounces/index.js';
import type { Config } from '../config.js';
import { SUMMARIES } from './commands.js';
import { withGazette } from './environment.js';

export function bouncesCommands(program: Command): void {
  const bounces = program.command('bounces').description(SUMMARIES.bounces);
  bounces
    .command('import')
    .description(
      'read a bounce report (RFC 3464), an abuse report (ARF, RFC 5965) or a mailto unsubscribe ' +
        'saved from a mailbox (.eml); the Gazette address is taken from Delivered-To, ' +
        'X-Original-To, To or Cc, and an abuse report sent elsewhere must carry one in the ' +
        'message it reports',
    )
    .argument('<files...>', 'messages, one a file, as saved by a mail client')
    .action((files: string[]) =>
      withGazette(async ({ config, logger, database }) => {
        const deps = await bounceFileImport(config, await database(), logger);
        let unused = 0;
        for (const file of files) {
          const outcomes = await importFile(file, deps, config);
          for (const outcome of outcomes) {
            if (typeof outcome !== 'string') logOutcome(logger, outcome);
            process.stdout.write(`${file}: ${describe(outcome)}\n`);
          }
          if (!outcomes.some(acted)) unused++;
        }
        // Exit 1 when a file changed nothing, so a script notices a message it should look at.
        if (unused > 0) process.exitCode = 1;
      }),
    );
}

async function importFile(
  file: string,
  deps: InboundDeps,
  config: Config,
): Promise<(InboundOutcome | string)[]> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    return [`cannot read: ${(error as Error).message}`];
  }
  const ours = recipientsInHeaders(raw).filter((a) => deps.tokens.read(a).kind !== 'other');
  // A feedback loop's report saved from another mailbox (abuse@): read as one to feedback@.
  if (ours.length === 0 && parseFeedbackReport(raw)) {
    return handleInbound(raw, [`${FEEDBACK}@${mailDomainOf(config)}`], deps, new Date());
  }
  if (ours.length === 0) {
    return [`not addressed to bounces+…@ or unsubscribe+…@${mailDomainOf(config)}`];
  }
  return handleInbound(raw, ours, deps, new Date());
}

const acted = (o: InboundOutcome | string) =>
  typeof o !== 'string' &&
  (o.kind === 'bounced' ||
    o.kind === 'transient' ||
    o.kind === 'unsubscribed' ||
    (o.kind === 'complained' && o.recorded));

/** One line per outcome for the operator. */
function describe(outcome: InboundOutcome | string): string {
  if (typeof outcome === 'string') return outcome;
  switch (outcome.kind) {
    case 'bounced': {
      const r = outcome.report;
      const what = outcome.suppressed
        ? 'address suppressed'
        : 'subscriber was already not receiving';
      return `bounced: ${r.recipient} ${r.status} ${r.diagnostic} (delivery ${r.deliveryId}; ${what})`.replace(
        / +/g,
        ' ',
      );
    }
    case 'transient': {
      const r = outcome.report;
      return `transient failure recorded: ${r.recipient} ${r.status} ${r.diagnostic} (delivery ${r.deliveryId})`.replace(
        / +/g,
        ' ',
      );
    }
    case 'no-failure':
      return `no failure reported for delivery ${outcome.deliveryId} (not an RFC 3464 report of a failure); nothing changed`;
    case 'unknown-delivery':
      return `delivery ${outcome.deliveryId} is not in the database; nothing changed`;
    case 'unsubscribed':
      return outcome.changed
        ? `unsubscribed subscriber ${outcome.subscriberId}`
        : `subscriber ${outcome.subscriberId} was already not receiving; nothing changed`;
    case 'unknown-subscriber':
      return `subscriber ${outcome.subscriberId} is not in the database; nothing changed`;
    case 'complained': {
      const d = outcome.delivery;
      return outcome.recorded
        ? `complained: ${d.email} reported run ${d.runId}'s digest (${outcome.feedbackType}; delivery ${d.id}; never mailed again)`
        : `complaint about delivery ${d.id} was already recorded; nothing changed`;
    }
    case 'not-a-complaint':
      return `abuse report of type ${outcome.feedbackType} about delivery ${outcome.deliveryId}: not a complaint; nothing changed`;
    case 'not-a-report':
      return 'not an abuse report (ARF); nothing changed';
    case 'unverified':
      return 'abuse report with no Gazette token that verifies (forged, or not about our mail); ignored';
    case 'forged':
      return `${outcome.address}: the token does not verify (forged, or signed with another secret); ignored`;
    default:
      return `${outcome.address}: not a Gazette address; ignored`;
  }
}
