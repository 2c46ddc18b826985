import { footerLine, truncate, type WebhookMessage } from './message';
import { severityStyle } from './severity';

// Discord's embed limits: title 256, description 4096, footer 2048, 6000 in all (these stay under).
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 4096;
const FOOTER_MAX = 256;

/** A Discord webhook's message: one embed coloured by severity, mentioning nobody. */
export function renderDiscord(message: WebhookMessage): object {
  return {
    embeds: [
      {
        title: truncate(message.title, TITLE_MAX),
        ...(message.description && {
          description: truncate(message.description, DESCRIPTION_MAX),
        }),
        ...(message.link && { url: message.link }),
        color: severityStyle(message.severity).rgb,
        footer: { text: truncate(footerLine(message), FOOTER_MAX) },
      },
    ],
    // "@everyone" in a description must not ping the channel.
    allowed_mentions: { parse: [] },
  };
}
