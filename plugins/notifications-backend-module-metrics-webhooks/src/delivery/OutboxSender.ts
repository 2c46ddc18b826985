import type { LoggerService } from '@backstage/backend-plugin-api';
import type { WebhookDelivery, WebhookDestination } from '../config';
import type { OutboxRow, OutboxStore } from '../outbox/OutboxStore';
import { nextDelaySeconds, type AttemptOutcome } from './outcome';
import { postWebhook } from './postWebhook';

/** Rows one run takes, and how many POSTs run at once. */
const BATCH = 100;
const CONCURRENCY = 4;
/** A claimed row is due again this long after its attempt's timeout (a sender that died). */
const LEASE_MARGIN_MS = 60_000;

export interface OutboxSenderOptions {
  store: OutboxStore;
  destinations: WebhookDestination[];
  delivery: WebhookDelivery;
  logger: LoggerService;
  now?: () => Date;
  post?: typeof postWebhook;
}

/**
 * Sends outbox rows: claims each (so no two replicas send one row), POSTs it, and records the
 * outcome. Logs every retry as a warning and every final failure as an error, naming the
 * destination, never its URL.
 */
export class OutboxSender {
  readonly #store: OutboxStore;
  readonly #destinations: Map<string, WebhookDestination>;
  readonly #delivery: WebhookDelivery;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #post: typeof postWebhook;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: OutboxSenderOptions) {
    this.#store = options.store;
    this.#destinations = new Map(options.destinations.map(d => [d.name, d]));
    this.#delivery = options.delivery;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#post = options.post ?? postWebhook;
  }

  /** Attempts fresh rows at once, in the background; the scheduled run picks up the rest. */
  sendSoon(rows: OutboxRow[]): void {
    const run = this.#sendAll(rows).finally(() => this.#inFlight.delete(run));
    this.#inFlight.add(run);
  }

  /** Sends every row that is due (the scheduled task). */
  async sendDue(): Promise<void> {
    await this.#sendAll(await this.#store.due(this.#now(), BATCH));
  }

  /** Waits for the background attempts (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) {
      await Promise.all([...this.#inFlight]);
    }
  }

  /** Deletes delivered and failed rows older than `keepDays`. */
  async purge(): Promise<number> {
    const before = new Date(
      this.#now().getTime() - this.#delivery.keepDays * 86_400_000,
    );
    return await this.#store.purge(before);
  }

  async #sendAll(rows: OutboxRow[]): Promise<void> {
    const queue = [...rows];
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        await this.#send(row);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  #describe(row: OutboxRow): string {
    return `webhook message "${row.title}" for ${row.teams.join(
      ', ',
    )} to destination ${row.destination}`;
  }

  #meta(row: OutboxRow, lastStatus: string) {
    return {
      destination: row.destination,
      teams: row.teams.join(','),
      title: row.title,
      attempt: row.attempts,
      lastStatus,
    };
  }

  async #send(row: OutboxRow): Promise<void> {
    try {
      await this.#attempt(row);
    } catch (error) {
      // The row stays in the outbox: its lease runs out and the next run tries again.
      this.#logger.error(
        `Could not attempt ${this.#describe(row)}; it stays queued: ${error}`,
        this.#meta(row, String(error)),
      );
    }
  }

  async #attempt(row: OutboxRow): Promise<void> {
    const { maxAttempts, timeoutMs, initialBackoffSeconds } = this.#delivery;
    const now = this.#now();
    const lease = new Date(now.getTime() + timeoutMs + LEASE_MARGIN_MS);
    const claimed = await this.#store.claim(row, lease, now);
    if (!claimed) return; // another sender has it

    const destination = this.#destinations.get(claimed.destination);
    let outcome: AttemptOutcome;
    if (!destination) {
      outcome = { kind: 'failed', status: 'destination no longer configured' };
    } else if (claimed.attempts > maxAttempts) {
      // The sender of the last attempt died before it recorded the result.
      outcome = { kind: 'failed', status: claimed.lastStatus ?? 'no answer' };
    } else {
      outcome = await this.#post(destination.url, claimed.body, timeoutMs);
    }
    const done = this.#now();

    if (outcome.kind === 'delivered') {
      await this.#store.finish(
        claimed,
        { status: 'delivered', lastStatus: outcome.status },
        done,
      );
      this.#logger.info(
        `Delivered ${this.#describe(claimed)} (attempt ${claimed.attempts})`,
        this.#meta(claimed, outcome.status),
      );
      return;
    }
    if (outcome.kind === 'retry' && claimed.attempts < maxAttempts) {
      const delay = nextDelaySeconds(
        outcome,
        claimed.attempts,
        initialBackoffSeconds,
      );
      await this.#store.finish(
        claimed,
        {
          status: 'pending',
          lastStatus: outcome.status,
          nextAttemptAt: new Date(done.getTime() + delay * 1000),
        },
        done,
      );
      this.#logger.warn(
        `Attempt ${claimed.attempts} of ${maxAttempts} of ${this.#describe(
          claimed,
        )} failed (${outcome.status}); retrying in ${Math.round(delay)} s`,
        this.#meta(claimed, outcome.status),
      );
      return;
    }
    await this.#store.finish(
      claimed,
      { status: 'failed', lastStatus: outcome.status },
      done,
    );
    this.#logger.error(
      `Gave up on ${this.#describe(claimed)} after ${
        claimed.attempts
      } attempt(s): ${outcome.status}`,
      this.#meta(claimed, outcome.status),
    );
  }
}
