export interface Config {
  metrics?: {
    notifications?: {
      /**
       * Team channels: the suite's notifications delivered to incoming webhooks
       * (`@metrics-suite/backstage-plugin-notifications-backend-module-metrics-webhooks`).
       */
      webhooks?: {
        /** Each destination serves the teams it lists, and only those. */
        destinations?: Array<{
          /** Unique name; logs and the outbox name the destination by it, never by its URL. */
          name: string;
          /**
           * The incoming webhook's URL. Whoever has it can post to the channel: keep it here
           * (from a secret), never in the catalog.
           * @visibility secret
           */
          url: string;
          /** The JSON the webhook takes: `slack`, `teams` (Workflows) or `discord`. */
          format: 'slack' | 'teams' | 'discord';
          /** Group entity refs (`payments` means `group:default/payments`) this channel serves. */
          teams: string[];
          /** Notification topics delivered; default every topic starting with `Metrics: `. */
          topics?: string[];
        }>;
        /** Retries of the outbox. */
        delivery?: {
          /** Attempts before a message is given up as failed; default 8. */
          maxAttempts?: number;
          /** Seconds before the first retry, doubling each time, at most an hour; default 30. */
          initialBackoffSeconds?: number;
          /** Milliseconds one POST may take; default 10000. */
          timeoutMs?: number;
          /** Days delivered and failed messages are kept in the outbox; default 14. */
          keepDays?: number;
        };
      };
    };
  };
}
