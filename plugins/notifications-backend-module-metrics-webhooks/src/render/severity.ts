import type { NotificationSeverity } from '@backstage/plugin-notifications-common';

/** Adaptive Card colour names (TextBlock `color`). */
type AdaptiveColor = 'Attention' | 'Warning' | 'Accent' | 'Default';

interface SeverityStyle {
  /** 0xRRGGBB, Discord's embed colour. */
  rgb: number;
  adaptiveColor: AdaptiveColor;
  /** Slack has no colour in blocks: an emoji marks the severity. */
  slackEmoji: string;
}

const STYLES: Record<NotificationSeverity, SeverityStyle> = {
  critical: {
    rgb: 0xd32f2f,
    adaptiveColor: 'Attention',
    slackEmoji: ':red_circle:',
  },
  high: {
    rgb: 0xf57c00,
    adaptiveColor: 'Warning',
    slackEmoji: ':large_orange_circle:',
  },
  normal: {
    rgb: 0x1976d2,
    adaptiveColor: 'Accent',
    slackEmoji: ':large_blue_circle:',
  },
  low: {
    rgb: 0x9e9e9e,
    adaptiveColor: 'Default',
    slackEmoji: ':white_circle:',
  },
};

/** One colour per severity, shared by the three formats. */
export function severityStyle(severity: NotificationSeverity): SeverityStyle {
  return STYLES[severity] ?? STYLES.normal;
}
