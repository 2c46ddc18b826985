import {
  footerLine,
  LINK_LABEL,
  truncate,
  type WebhookMessage,
} from './message';
import { severityStyle } from './severity';

// Block Kit limits: header text 150 characters, section and context text 3000.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

/** Slack's mrkdwn treats &, < and > as control characters. */
function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A Slack incoming webhook's message: `text` for notifications and old clients, and blocks. */
export function renderSlack(message: WebhookMessage): object {
  const { slackEmoji } = severityStyle(message.severity);
  const blocks: object[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(message.title, HEADER_MAX) },
    },
  ];
  if (message.description) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(escapeMrkdwn(message.description), SECTION_MAX),
      },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `${slackEmoji} ${escapeMrkdwn(footerLine(message))}`,
      },
    ],
  });
  if (message.link) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: LINK_LABEL },
          url: message.link,
        },
      ],
    });
  }
  const fallback = escapeMrkdwn(message.title);
  return {
    text: message.link
      ? `${fallback} <${message.link}|${LINK_LABEL}>`
      : fallback,
    blocks,
  };
}
