import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  NotificationProcessor,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import type { WebhooksConfig } from './config';
import type { OutboxSender } from './delivery/OutboxSender';
import type { OutboxStore } from './outbox/OutboxStore';
import { renderWebhookBody, toWebhookMessage } from './render';
import { routeNotification } from './routing';

export interface MetricsWebhooksProcessorOptions {
  config: WebhooksConfig;
  store: OutboxStore;
  sender: OutboxSender;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * Queues one webhook message per destination for each of the suite's notifications to a team
 * it serves. It works in processOptions, which runs once per notification before the fan-out
 * to members, and hands the options back untouched: the Backstage notification never waits
 * for, nor fails with, a webhook.
 */
export class MetricsWebhooksProcessor implements NotificationProcessor {
  readonly #options: MetricsWebhooksProcessorOptions;

  constructor(options: MetricsWebhooksProcessorOptions) {
    this.#options = options;
  }

  getName(): string {
    return 'Metrics team webhooks';
  }

  async processOptions(
    options: NotificationSendOptions,
  ): Promise<NotificationSendOptions> {
    const { config, store, sender, logger } = this.#options;
    const routes = routeNotification(options, config.destinations);
    if (routes.length === 0) return options;
    try {
      const message = toWebhookMessage(options.payload, config.appBaseUrl);
      const rows = await store.enqueue(
        routes.map(route => ({
          destination: route.destination.name,
          teams: route.teams,
          title: message.title,
          body: JSON.stringify(
            renderWebhookBody(route.destination.format, message),
          ),
        })),
        (this.#options.now ?? (() => new Date()))(),
      );
      sender.sendSoon(rows);
    } catch (error) {
      logger.error(
        `Could not queue the webhook messages of "${
          options.payload.title
        }" for ${routes
          .map(route => `${route.destination.name} (${route.teams.join(', ')})`)
          .join('; ')}: ${error}`,
      );
    }
    return options;
  }
}
