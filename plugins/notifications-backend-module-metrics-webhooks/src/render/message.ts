import type {
  NotificationPayload,
  NotificationSeverity,
} from '@backstage/plugin-notifications-common';
import { resolveNotificationLink } from '@backstage/plugin-notifications-node';

/** What every format shows of a notification. */
export interface WebhookMessage {
  title: string;
  description?: string;
  /** Absolute http(s) URL, or none. */
  link?: string;
  severity: NotificationSeverity;
  topic?: string;
}

function absoluteLink(link: string | undefined, appBaseUrl?: string) {
  if (!link) return undefined;
  const resolved = appBaseUrl
    ? resolveNotificationLink(link, appBaseUrl)
    : link;
  // A chat client cannot open a path, nor should it be handed another scheme.
  return resolved && /^https?:\/\//i.test(resolved) ? resolved : undefined;
}

export function toWebhookMessage(
  payload: NotificationPayload,
  appBaseUrl?: string,
): WebhookMessage {
  const link = absoluteLink(payload.link, appBaseUrl);
  const description = payload.description?.trim();
  return {
    title: payload.title,
    ...(description && { description }),
    ...(link && { link }),
    severity: payload.severity ?? 'normal',
    ...(payload.topic && { topic: payload.topic }),
  };
}

/** Cuts `text` to at most `max` characters (code points, so no emoji is split), ending in "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** The line under the text: severity and topic. */
export function footerLine(message: WebhookMessage): string {
  return [`Severity: ${message.severity}`, message.topic]
    .filter(Boolean)
    .join(' · ');
}

export const LINK_LABEL = 'Open in Backstage';
