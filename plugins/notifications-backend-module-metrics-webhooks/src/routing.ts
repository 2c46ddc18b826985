import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { normalizeTeamRef, type WebhookDestination } from './config';

/** The suite's topics ('Metrics: burn-rate alerts', 'Metrics: weekly digest', …) share it. */
export const SUITE_TOPIC_PREFIX = 'Metrics: ';

/** One message to one destination, for the teams of the notification it serves. */
export interface Route {
  destination: WebhookDestination;
  teams: string[];
}

function recipientTeams(options: NotificationSendOptions): string[] {
  const { recipients } = options;
  if (recipients.type !== 'entity') return [];
  const refs = [recipients.entityRef].flat();
  return refs.flatMap(ref => {
    try {
      return [normalizeTeamRef(ref)];
    } catch {
      return []; // Not ours to judge: the notifications backend reports bad refs.
    }
  });
}

function servesTopic(destination: WebhookDestination, topic?: string): boolean {
  if (!topic) return false;
  return destination.topics
    ? destination.topics.includes(topic)
    : topic.startsWith(SUITE_TOPIC_PREFIX);
}

/**
 * Where a notification goes: each destination serving its topic and one of its recipient
 * groups, once, however many of its teams the notification names (a channel gets one message).
 */
export function routeNotification(
  options: NotificationSendOptions,
  destinations: WebhookDestination[],
): Route[] {
  const teams = recipientTeams(options);
  if (teams.length === 0) return [];
  return destinations.flatMap(destination => {
    if (!servesTopic(destination, options.payload.topic)) return [];
    const served = teams.filter(team => destination.teams.includes(team));
    return served.length > 0
      ? [{ destination, teams: [...new Set(served)] }]
      : [];
  });
}
