import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { notificationsProcessingExtensionPoint } from '@backstage/plugin-notifications-node';
import { readWebhooksConfig } from './config';
import { OutboxSender } from './delivery/OutboxSender';
import { MetricsWebhooksProcessor } from './MetricsWebhooksProcessor';
import { DatabaseOutboxStore } from './outbox/DatabaseOutboxStore';

/**
 * Notifications module that delivers the metrics suite's notifications to each team's
 * incoming webhook (Slack, Microsoft Teams, Discord) through a durable outbox.
 *
 * @public
 */
export const notificationsModuleMetricsWebhooks = createBackendModule({
  pluginId: 'notifications',
  moduleId: 'metrics-webhooks',
  register(reg) {
    reg.registerInit({
      deps: {
        notifications: notificationsProcessingExtensionPoint,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        notifications,
        config,
        database,
        scheduler,
        logger,
        lifecycle,
      }) {
        const webhooks = readWebhooksConfig(config);
        if (webhooks.destinations.length === 0) {
          logger.info(
            'No metrics.notifications.webhooks.destinations: team webhooks are off',
          );
          return;
        }
        const store = await DatabaseOutboxStore.create({ database });
        const sender = new OutboxSender({
          store,
          destinations: webhooks.destinations,
          delivery: webhooks.delivery,
          logger,
        });
        notifications.addProcessor(
          new MetricsWebhooksProcessor({
            config: webhooks,
            store,
            sender,
            logger,
          }),
        );
        await scheduler.scheduleTask({
          id: 'metrics-webhooks-outbox',
          frequency: { seconds: 30 },
          timeout: { minutes: 5 },
          scope: 'global',
          fn: async () => {
            await sender.sendDue();
            await sender.purge();
          },
        });
        lifecycle.addShutdownHook(() => sender.settled());
        logger.info(
          `Team webhooks to ${webhooks.destinations
            .map(d => `${d.name} (${d.format})`)
            .join(', ')}`,
        );
      },
    });
  },
});
