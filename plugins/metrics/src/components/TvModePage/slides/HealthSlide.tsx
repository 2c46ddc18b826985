import { meetsSuccessTarget } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useWindowSize from 'react-use/esm/useWindowSize';
import {
  formatObjective,
  formatPercent,
  formatRate,
} from '../../shared/format';
import { stateLabel } from '../../shared/sloStatus';
import type { TvIntegration, TvSlo } from '../tvSlides';
import { serviceName } from '../tvSlides';
import { TV_COLORS, TV_TYPE, stateColor } from '../tvTheme';
import { rowsThatFit } from './fit';
import { MoreNote } from './MoreNote';

// A row: a 64px value beside a 28px name over a 24px note, with its padding and border.
const ROW_HEIGHT = 100;
// The screen's header and footer, the column titles and the "and N more" note.
const OVERHEAD = 390;

const rowStyle = {
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'space-between',
  gap: 24,
  padding: '8px 0',
  borderBottom: `2px solid ${TV_COLORS.border}`,
} as const;

function StateText(props: { state: TvSlo['slo']['state'] }) {
  return (
    <span
      style={{
        color: stateColor(props.state),
        fontWeight: 700,
        textTransform: 'uppercase',
      }}
    >
      ● {stateLabel(props.state)}
    </span>
  );
}

function rateColor(met: boolean | undefined): string {
  if (met === undefined) return TV_COLORS.text;
  return met ? TV_COLORS.good : TV_COLORS.bad;
}

/**
 * The SLOs of the owned services, worst first (state in colour and in words, budget left),
 * beside the integrations' success rates against their targets.
 */
export function HealthSlide(props: {
  slos: TvSlo[];
  integrations: TvIntegration[];
}) {
  const rows = rowsThatFit(useWindowSize().height, ROW_HEIGHT, OVERHEAD);
  const slos = props.slos.slice(0, rows);
  const integrations = props.integrations.slice(0, rows);
  const label = { fontSize: TV_TYPE.label } as const;
  const note = { fontSize: TV_TYPE.note, color: TV_COLORS.muted } as const;
  const value = {
    fontSize: TV_TYPE.value,
    fontWeight: 700,
    lineHeight: 1.1,
  } as const;
  return (
    <Box display="flex" style={{ gap: 64 }}>
      {slos.length > 0 && (
        <Box flex={3} component="section" aria-label="SLOs">
          <Typography component="h3" style={{ ...label, fontWeight: 600 }}>
            SLOs, worst first
          </Typography>
          {slos.map(({ entityRef, service, slo }) => (
            <div
              key={`${entityRef}|${slo.id}`}
              style={rowStyle}
              data-testid="tv-slo"
            >
              <div>
                <Typography style={label}>
                  {service} · {slo.name}
                </Typography>
                <Typography style={note}>
                  <StateText state={slo.state} /> · objective{' '}
                  {formatObjective(slo.objective)} over {slo.window}
                </Typography>
              </div>
              <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                <Typography style={{ ...value, color: stateColor(slo.state) }}>
                  {formatPercent(slo.budgetRemaining, 1)}
                </Typography>
                <Typography style={note}>
                  {slo.budgetRemaining !== null && slo.budgetRemaining < 0
                    ? 'budget overspent'
                    : 'budget left'}
                </Typography>
              </div>
            </div>
          ))}
          <MoreNote total={props.slos.length} shown={slos.length} what="SLO" />
        </Box>
      )}
      {integrations.length > 0 && (
        <Box flex={2} component="section" aria-label="Integrations">
          <Typography component="h3" style={{ ...label, fontWeight: 600 }}>
            Integrations, success rate
          </Typography>
          {integrations.map(item => {
            const met = meetsSuccessTarget(item.successRate, item.target);
            return (
              <div
                key={`${item.entityRef}|${item.id}`}
                style={rowStyle}
                data-testid="tv-integration"
              >
                <div>
                  <Typography style={label}>{item.name}</Typography>
                  <Typography style={note}>
                    {serviceName(item.entityRef)}
                  </Typography>
                </div>
                <div style={{ textAlign: 'right' }}>
                  <Typography style={{ ...value, color: rateColor(met) }}>
                    {formatRate(item.successRate)}
                  </Typography>
                  <Typography style={note}>
                    {item.target === undefined
                      ? 'no target'
                      : `${
                          met === false ? 'BELOW ' : ''
                        }target ${formatObjective(item.target)}`}
                  </Typography>
                </div>
              </div>
            );
          })}
          <MoreNote
            total={props.integrations.length}
            shown={integrations.length}
            what="integration"
          />
        </Box>
      )}
    </Box>
  );
}
