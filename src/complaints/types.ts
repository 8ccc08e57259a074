/** A sent delivery as a report or a relay's event names it. */
export interface DeliveryRef {
  id: number;
  runId: string;
  subscriberId: string;
  email: string;
}

/** What can tie a report or an event to one delivery; any may be missing. */
export interface References {
  /** The envelope sender the message went out with: `bounces+TOKEN@` names the delivery. */
  envelopeFrom?: string | undefined;
  /** Our Message-ID (`runId.subscriber@domain`), with or without angle brackets. */
  messageId?: string | undefined;
  /** Our `Feedback-ID` (`campaign:run:kind:sender`): the run; with the recipient, the delivery. */
  feedbackId?: string | undefined;
  /** The address the message went to. */
  recipient?: string | undefined;
}

/** Finds deliveries; `store/` implements it. Each answers only deliveries the relay accepted. */
export interface DeliveryLookup {
  byId(id: number): Promise<DeliveryRef | undefined>;
  byMessageId(messageId: string): Promise<DeliveryRef | undefined>;
  /** The run's delivery to this address (as stored, any case). */
  inRun(runId: string, email: string): Promise<DeliveryRef | undefined>;
  /** The run's delivery to this subscriber. */
  ofSubscriber(runId: string, subscriberId: string): Promise<DeliveryRef | undefined>;
  /** The latest delivery to this address sent at or after `since`. */
  latestTo(email: string, since: Date): Promise<DeliveryRef | undefined>;
}

/** A spam complaint about one delivery. */
export interface Complaint {
  delivery: DeliveryRef;
  /** What reported it: `arf-smtp`, `arf-file`, or the relay (`ses`, `sendgrid`, ...). */
  source: string;
  /** ARF's `Feedback-Type` (`abuse`, `fraud`) or the relay's complaint type. */
  feedbackType: string;
  /** The mailbox provider that reported it, when known (ARF `User-Agent`, SES's `userAgent`). */
  reporter: string | null;
}

/** Where complaints are kept; `store/` implements it. */
export interface ComplaintStore {
  /**
   * In one transaction: the complaint (once per delivery), the subscriber `complained` (from any
   * other state), and an audit entry. `recorded: false`: that delivery's complaint was already
   * in, and nothing changed.
   */
  recordComplaint(complaint: Complaint, now: Date): Promise<{ recorded: boolean }>;
}
