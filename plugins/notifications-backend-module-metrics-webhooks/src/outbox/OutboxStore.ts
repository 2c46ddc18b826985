/**
 * pending: waiting for its next attempt; sending: claimed by a sender until `nextAttemptAt`
 * (a lease: a sender that died leaves it due again); delivered and failed are final.
 */
export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/** One webhook message; the destination is named, its URL stays in the config. */
export interface OutboxRow {
  id: number;
  destination: string;
  teams: string[];
  title: string;
  /** The rendered JSON body. */
  body: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastStatus?: string;
  createdAt: string;
  updatedAt: string;
}

export type NewOutboxMessage = Pick<
  OutboxRow,
  'destination' | 'teams' | 'title' | 'body'
>;

/** The durable outbox of webhook messages. */
export interface OutboxStore {
  /** Stores messages as pending and due now. */
  enqueue(messages: NewOutboxMessage[], now: Date): Promise<OutboxRow[]>;
  /** Pending rows, and sending rows whose lease ran out, due at `now`, oldest first. */
  due(now: Date, limit: number): Promise<OutboxRow[]>;
  get(ids: number[]): Promise<OutboxRow[]>;
  /**
   * Takes `row` for one attempt, as it was read: attempts + 1, status sending, leased until
   * `leaseUntil`. Undefined when another sender took it first (or it changed since).
   */
  claim(
    row: OutboxRow,
    leaseUntil: Date,
    now: Date,
  ): Promise<OutboxRow | undefined>;
  /** Records the claimed attempt's result; false when the lease was lost to another sender. */
  finish(
    claimed: OutboxRow,
    result:
      | { status: 'delivered' | 'failed'; lastStatus: string }
      | { status: 'pending'; lastStatus: string; nextAttemptAt: Date },
    now: Date,
  ): Promise<boolean>;
  /** Deletes delivered and failed rows last changed before `before`; returns how many. */
  purge(before: Date): Promise<number>;
}
