import type { CompoundEntityRef } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { metricsTabPath } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useMemo, useRef } from 'react';
import { formatClock, plural } from '../shared/format';
import { FullScreenButton } from './FullScreenButton';
import { SlideDots } from './SlideDots';
import { TvSlideView } from './TvSlideView';
import { TV_COLORS, TV_TYPE } from './tvTheme';
import type { TvSettings } from './tvSettings';
import { tvSlides } from './tvSlides';
import { useSlideCycle } from './useSlideCycle';
import { TvViewState, useTvView } from './useTvView';

function Message(props: { children: string }) {
  return (
    <Box flex={1} display="flex" alignItems="center" justifyContent="center">
      <Typography style={{ fontSize: TV_TYPE.label, color: TV_COLORS.muted }}>
        {props.children}
      </Typography>
    </Box>
  );
}

function UpdatedNote(props: { state: TvViewState }) {
  const { updatedAt, error } = props.state;
  if (!updatedAt) return null;
  return (
    <Typography
      data-testid="tv-updated"
      style={{
        fontSize: TV_TYPE.note,
        color: error ? TV_COLORS.warning : TV_COLORS.muted,
      }}
    >
      {error
        ? `Last updated ${formatClock(updatedAt)}, refresh failed, retrying`
        : `Updated ${formatClock(updatedAt)}`}
    </Typography>
  );
}

/**
 * A squad's screen for a room: its slides turning at the configured pace over data that
 * reloads itself, on a dark page of its own covering the whole window (the app's sidebar
 * included). The data is the TV view, which never holds a sensitive metric.
 */
export function TvScreen(props: {
  groupRef: CompoundEntityRef;
  settings: TvSettings;
}) {
  const { groupRef, settings } = props;
  const root = useRef<HTMLDivElement>(null);
  const state = useTvView(groupRef, settings.refreshSeconds);
  const slides = useMemo(
    () => (state.view ? tvSlides(state.view) : []),
    [state.view],
  );
  const current = useSlideCycle(slides.length, settings.slideSeconds);
  const slide = slides[current];
  const hidden = state.view?.hiddenSensitive ?? 0;

  let body;
  if (!state.view) {
    body = (
      <Message>
        {state.error
          ? `Could not load the squad's metrics (${state.error.message}); retrying`
          : "Loading the squad's metrics…"}
      </Message>
    );
  } else if (!slide) {
    body = (
      <Message>
        Nothing to show yet: no north star, KPIs, SLOs or integrations for this
        squad
      </Message>
    );
  } else {
    body = (
      <Box
        flex={1}
        minHeight={0}
        overflow="hidden"
        data-testid={`tv-slide-${slide.id}`}
      >
        <TvSlideView slide={slide} />
      </Box>
    );
  }

  return (
    <div
      ref={root}
      data-testid="tv-screen"
      style={{
        position: 'fixed',
        inset: 0,
        // Above the app's sidebar and header, below dialogs and tooltips.
        zIndex: 1250,
        overflow: 'auto',
        display: 'flex',
        flexDirection: 'column',
        gap: 32,
        padding: 48,
        background: TV_COLORS.background,
        color: TV_COLORS.text,
      }}
    >
      <Box
        component="header"
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        style={{ gap: 32 }}
      >
        <Box>
          <Typography
            component="h1"
            style={{ fontSize: TV_TYPE.title, fontWeight: 700 }}
          >
            {groupRef.name}
          </Typography>
          <Typography
            style={{ fontSize: TV_TYPE.label, color: TV_COLORS.muted }}
          >
            {slide ? slide.title : 'Metrics'} · last 7 days
          </Typography>
        </Box>
        <Box display="flex" alignItems="center" style={{ gap: 32 }}>
          <UpdatedNote state={state} />
          <FullScreenButton target={root} />
          <Link
            to={metricsTabPath(stringifyEntityRef(groupRef))}
            style={{ fontSize: TV_TYPE.note, color: TV_COLORS.accent }}
          >
            Exit TV mode
          </Link>
        </Box>
      </Box>
      {body}
      <Box
        component="footer"
        display="flex"
        alignItems="center"
        justifyContent="space-between"
      >
        <SlideDots slides={slides} current={current} />
        {hidden > 0 && (
          <Typography
            style={{ fontSize: TV_TYPE.note, color: TV_COLORS.muted }}
          >
            {plural(hidden, 'sensitive metric')} never shown on screens
          </Typography>
        )}
      </Box>
    </div>
  );
}
