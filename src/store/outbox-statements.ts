import type { ClaimSource, Delivery } from '../send/index.js';

/** The columns a claim returns, as both drivers give them back. */
export interface ClaimedRow {
  id: number | string;
  run_id: string;
  subscriber_id: string;
  email: string;
  name: string | null;
  article_ids: string;
  more_count: number;
  message_id: string;
  attempts: number;
  first_deferred_at: number | string | null;
}

export const CLAIMED_COLUMNS =
  'id, run_id, subscriber_id, email, name, article_ids, more_count, message_id, attempts, first_deferred_at';

/** Which rows each source takes, and in what order (`$now` is the claim instant). */
export const SOURCE_FILTER: Record<ClaimSource, { where: string; order: string }> = {
  queued: { where: "status = 'queued'", order: 'id' },
  deferred: {
    where: "status = 'deferred' and next_attempt_at <= $now",
    order: 'next_attempt_at, id',
  },
  unknown: { where: "status = 'unknown'", order: 'id' },
  failed: { where: "status = 'failed'", order: 'id' },
};

/**
 * Claiming an `unknown` row notes that its copy may be a second one; claiming a `failed` row (an
 * operator's retry) starts its soft-retry window afresh.
 */
export const CLAIM_SET = `status = 'claimed', claimed_by = $worker, claimed_at = $now,
  in_doubt = case when status = 'unknown' then 1 else in_doubt end,
  first_deferred_at = case when status = 'failed' then null else first_deferred_at end`;

export function toDelivery(row: ClaimedRow): Delivery {
  return {
    id: Number(row.id),
    runId: row.run_id,
    subscriberId: row.subscriber_id,
    email: row.email,
    name: row.name,
    articleIds: JSON.parse(row.article_ids) as string[],
    moreCount: row.more_count,
    messageId: row.message_id,
    attempts: row.attempts,
    firstDeferredAt:
      row.first_deferred_at === null ? null : new Date(Number(row.first_deferred_at)),
  };
}

/** Errors kept on a row are bounded: a server may answer with a page of text. */
export function clip(text: string, length = 1000): string {
  return text.length > length ? text.slice(0, length) : text;
}
