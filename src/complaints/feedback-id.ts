/**
 * The `Feedback-ID` header (Gmail's feedback loop): `campaign:run:kind:sender`. Gmail reports
 * complaint rates per value of each field, so a run that draws complaints shows up on its own;
 * the last field, the sender, is constant. Here: the frequency (`daily`), the run id, the run's
 * kind (`digest`) and the mail domain. Gmail wants each field free of colons.
 */
export interface FeedbackIdParts {
  campaign: string;
  run: string;
  kind: string;
  sender: string;
}

const FIELD = /[^A-Za-z0-9._-]/g;

export function formatFeedbackId(parts: FeedbackIdParts): string {
  return [parts.campaign, parts.run, parts.kind, parts.sender]
    .map((field) => field.replace(FIELD, '_'))
    .join(':');
}

/** The fields of a Feedback-ID value, or undefined when it is not one of four fields. */
export function parseFeedbackId(value: string): FeedbackIdParts | undefined {
  const fields = value.trim().split(':');
  if (fields.length !== 4 || fields.some((field) => field === '')) return undefined;
  const [campaign, run, kind, sender] = fields as [string, string, string, string];
  return { campaign, run, kind, sender };
}
