/** Outbound Lark calls as plain data: what the domain asks for, what the outbound worker performs. */
export type OutboundJob =
  | {
      op: 'send';
      to: { type: 'chat_id' | 'open_id'; id: string };
      msg: { type: 'interactive' | 'text'; content: string };
      /** Where to record the new message id (e.g. a department's summons card). */
      record?: SentRecord;
      caseId?: string;
      /** A Lark urgent on the direct message just sent, to its recipient (an emergency reaching a leader). */
      urgent?: 'app' | 'sms' | 'phone';
    }
  | {
      op: 'reply';
      messageId: string;
      chatId: string;
      msg: { type: 'interactive' | 'text'; content: string };
      inThread: boolean;
      record?: SentRecord;
      caseId?: string;
    }
  | {
      op: 'urgent';
      messageId: string;
      chatId?: string;
      kind: 'app' | 'sms' | 'phone';
      userIds: string[];
      caseId?: string;
    }
  | { op: 'card_update'; token: string; card: unknown; caseId?: string }
  /** A calendar event on the bot's primary calendar with its attendees; `record` gets the event id. */
  | {
      op: 'calendar_event';
      summary: string;
      description: string;
      start: number;
      end: number;
      timezone: string;
      place?: string;
      attendees: string[];
      record: SentRecord;
      caseId?: string;
    }
  /** Patch a card with the latest state: bursts of changes coalesce into one call. `rendered` is the card as
   * the change that wrote the job committed it (no read; in the queue's copy only, not the outbox row); without it
   * the card is rendered from the database at send time. Either way the card is read again after the patch and patched once more if the case moved on. */
  | {
      op: 'refresh';
      target: string;
      caseId?: string;
      rendered?: { messageId: string; chatId?: string; card: string };
    }
  /** Bring a street's Lark Base ledger in step with the database (every case whose row is behind). */
  | { op: 'ledger'; street: string; caseId?: undefined };

export interface SentRecord {
  kind: string;
  ref: string;
}
