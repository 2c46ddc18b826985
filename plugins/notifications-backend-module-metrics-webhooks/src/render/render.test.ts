import { renderWebhookBody, toWebhookMessage } from './index';
import { truncate } from './message';

const BASE = 'https://portal.example.com';

const alert = toWebhookMessage(
  {
    title: 'Page: availability of checkout burns its error budget',
    description: 'Budget remaining: 12 %.\nSLI: 99.1 % <below> & falling',
    link: '/catalog/default/component/checkout/metrics',
    severity: 'critical',
    topic: 'Metrics: burn-rate alerts',
  },
  BASE,
);
const LINK =
  'https://portal.example.com/catalog/default/component/checkout/metrics';

describe('toWebhookMessage', () => {
  it('makes relative links absolute with app.baseUrl and keeps absolute ones', () => {
    expect(alert.link).toBe(LINK);
    expect(
      toWebhookMessage({ title: 't', link: 'https://other.example/x' }, BASE)
        .link,
    ).toBe('https://other.example/x');
    expect(
      toWebhookMessage({ title: 't', link: '/x' }, 'https://p.example/portal/')
        .link,
    ).toBe('https://p.example/portal/x');
  });

  it('drops links a chat client cannot open', () => {
    expect(toWebhookMessage({ title: 't', link: '/x' }).link).toBeUndefined();
    expect(
      toWebhookMessage({ title: 't', link: 'ftp://files.example/report' }, BASE)
        .link,
    ).toBeUndefined();
  });

  it('defaults the severity to normal and drops an empty description', () => {
    expect(toWebhookMessage({ title: 't', description: '  ' })).toEqual({
      title: 't',
      severity: 'normal',
    });
  });
});

describe('truncate', () => {
  it('keeps text within the limit and cuts longer text with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
    expect(Array.from(truncate('😀'.repeat(10), 5))).toHaveLength(5);
    expect(truncate('😀'.repeat(10), 5)).toBe('😀😀😀😀…');
  });
});

describe('slack', () => {
  it('renders text, a header, the description as escaped mrkdwn, the severity and a link button', () => {
    expect(renderWebhookBody('slack', alert)).toEqual({
      text: `Page: availability of checkout burns its error budget <${LINK}|Open in Backstage>`,
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: 'Page: availability of checkout burns its error budget',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'Budget remaining: 12 %.\nSLI: 99.1 % &lt;below&gt; &amp; falling',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: ':red_circle: Severity: critical · Metrics: burn-rate alerts',
            },
          ],
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Open in Backstage' },
              url: LINK,
            },
          ],
        },
      ],
    });
  });

  it('cuts the header to 150 characters and leaves out what is missing', () => {
    const body = renderWebhookBody('slack', {
      title: 'x'.repeat(400),
      severity: 'low',
    }) as {
      text: string;
      blocks: Array<{ type: string; text?: { text: string } }>;
    };
    expect(body.blocks.map(b => b.type)).toEqual(['header', 'context']);
    expect(body.blocks[0].text!.text).toHaveLength(150);
    expect(body.text).toBe('x'.repeat(400));
  });
});

describe('teams', () => {
  it('renders a Workflows message with an Adaptive Card 1.4 and an OpenUrl action', () => {
    expect(renderWebhookBody('teams', alert)).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              {
                type: 'TextBlock',
                text: 'Page: availability of checkout burns its error budget',
                size: 'Large',
                weight: 'Bolder',
                color: 'Attention',
                wrap: true,
              },
              {
                type: 'TextBlock',
                text: 'Budget remaining: 12 %.\nSLI: 99.1 % <below> & falling',
                wrap: true,
              },
              {
                type: 'TextBlock',
                text: 'Severity: critical · Metrics: burn-rate alerts',
                size: 'Small',
                isSubtle: true,
                wrap: true,
              },
            ],
            actions: [
              { type: 'Action.OpenUrl', title: 'Open in Backstage', url: LINK },
            ],
          },
        },
      ],
    });
  });

  it('has no actions without a link and colours by severity', () => {
    const body = renderWebhookBody('teams', {
      title: 'Weekly digest',
      severity: 'high',
    }) as any;
    const card = body.attachments[0].content;
    expect(card.actions).toBeUndefined();
    expect(card.body[0].color).toBe('Warning');
  });
});

describe('discord', () => {
  it('renders one embed coloured by severity that mentions nobody', () => {
    expect(renderWebhookBody('discord', alert)).toEqual({
      embeds: [
        {
          title: 'Page: availability of checkout burns its error budget',
          description: 'Budget remaining: 12 %.\nSLI: 99.1 % <below> & falling',
          url: LINK,
          color: 0xd32f2f,
          footer: { text: 'Severity: critical · Metrics: burn-rate alerts' },
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it("respects Discord's limits: title 256, description 4096", () => {
    const body = renderWebhookBody('discord', {
      title: 't'.repeat(300),
      description: 'd'.repeat(5000),
      severity: 'normal',
    }) as any;
    expect(body.embeds[0].title).toHaveLength(256);
    expect(body.embeds[0].description).toHaveLength(4096);
    expect(body.embeds[0].description.endsWith('…')).toBe(true);
    expect(body.embeds[0].url).toBeUndefined();
  });

  it('gives every severity its own colour', () => {
    const colours = (['critical', 'high', 'normal', 'low'] as const).map(
      severity =>
        (renderWebhookBody('discord', { title: 't', severity }) as any)
          .embeds[0].color,
    );
    expect(new Set(colours).size).toBe(4);
  });
});
