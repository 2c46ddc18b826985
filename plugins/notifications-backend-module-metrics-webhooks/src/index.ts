/**
 * Notifications backend module of the metrics suite: the suite's digests and alerts reach each
 * team's Slack, Microsoft Teams or Discord channel through its incoming webhook.
 *
 * @packageDocumentation
 */
export { notificationsModuleMetricsWebhooks as default } from './module';
