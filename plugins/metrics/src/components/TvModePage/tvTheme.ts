import { createTheme } from '@material-ui/core/styles';

/**
 * The screen's own colours, whatever the app's theme: dark, and every text colour at least
 * 4.5:1 against the background (WCAG AA), most far above (white on near-black is 19:1).
 */
export const TV_COLORS = {
  background: '#0b0f14',
  surface: '#161b22',
  text: '#ffffff',
  muted: '#c9d1d9',
  accent: '#58a6ff',
  good: '#3fb950',
  warning: '#e3b341',
  bad: '#ff7b72',
  none: '#a9b1ba',
  border: '#30363d',
} as const;

/** Type readable across a room: values at least 64px, labels at least 24px. */
export const TV_TYPE = {
  hero: 120,
  value: 64,
  title: 44,
  label: 28,
  note: 24,
} as const;

export const tvTheme = createTheme({
  palette: {
    type: 'dark',
    background: { default: TV_COLORS.background, paper: TV_COLORS.surface },
    text: { primary: TV_COLORS.text, secondary: TV_COLORS.muted },
    primary: { main: TV_COLORS.accent },
    success: { main: TV_COLORS.good },
    warning: { main: TV_COLORS.warning },
    error: { main: TV_COLORS.bad },
  },
  typography: { fontSize: 24 },
});

/** A state's colour on the screen; the state is always written out too (colour is not enough). */
export function stateColor(
  state: 'healthy' | 'at-risk' | 'breaching' | 'no-data' | 'low-traffic',
): string {
  switch (state) {
    case 'healthy':
      return TV_COLORS.good;
    case 'at-risk':
      return TV_COLORS.warning;
    case 'breaching':
      return TV_COLORS.bad;
    default:
      return TV_COLORS.none;
  }
}
