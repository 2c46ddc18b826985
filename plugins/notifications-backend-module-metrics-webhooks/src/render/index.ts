import type { WebhookFormat } from '../config';
import { renderDiscord } from './discord';
import type { WebhookMessage } from './message';
import { renderSlack } from './slack';
import { renderTeams } from './teams';

export { toWebhookMessage, type WebhookMessage } from './message';

const RENDERERS: Record<WebhookFormat, (message: WebhookMessage) => object> = {
  slack: renderSlack,
  teams: renderTeams,
  discord: renderDiscord,
};

/** The JSON body a destination of `format` takes for `message`. */
export function renderWebhookBody(
  format: WebhookFormat,
  message: WebhookMessage,
): object {
  return RENDERERS[format](message);
}
