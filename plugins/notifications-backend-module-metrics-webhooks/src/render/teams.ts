import { footerLine, LINK_LABEL, type WebhookMessage } from './message';
import { severityStyle } from './severity';

/**
 * A Microsoft Teams Workflows incoming webhook's message: one Adaptive Card 1.4 (the version
 * Teams renders everywhere) with the title, the description and a button to the link.
 */
export function renderTeams(message: WebhookMessage): object {
  const body: object[] = [
    {
      type: 'TextBlock',
      text: message.title,
      size: 'Large',
      weight: 'Bolder',
      color: severityStyle(message.severity).adaptiveColor,
      wrap: true,
    },
  ];
  if (message.description) {
    body.push({ type: 'TextBlock', text: message.description, wrap: true });
  }
  body.push({
    type: 'TextBlock',
    text: footerLine(message),
    size: 'Small',
    isSubtle: true,
    wrap: true,
  });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(message.link && {
            actions: [
              { type: 'Action.OpenUrl', title: LINK_LABEL, url: message.link },
            ],
          }),
        },
      },
    ],
  };
}
