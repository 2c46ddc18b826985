import type {
  KpiTarget,
  NorthStarView,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  formatKpiTarget,
  formatKpiValue,
} from '../../EntityMetricsContent/kpiFormat';
import { formatStoredDay } from '../../shared/format';
import { TV_COLORS, TV_TYPE } from '../tvTheme';
import { TrendLine } from './TrendLine';

function meets(value: number, target: KpiTarget): boolean {
  return target.direction === 'below'
    ? value <= target.value
    : value >= target.value;
}

/** The squad's north star: its name, its value huge, its target and goal, its 12 weeks. */
export function NorthStarSlide(props: { northStar: NorthStarView }) {
  const { name, value, unit, target, goal, trend, valueError } =
    props.northStar;
  const met = target && value !== null ? meets(value, target) : undefined;
  return (
    <Box
      display="flex"
      flexDirection="column"
      alignItems="center"
      style={{ gap: 24 }}
    >
      <Typography
        component="h2"
        style={{ fontSize: TV_TYPE.title, fontWeight: 600 }}
      >
        {name}
      </Typography>
      <Typography
        data-testid="tv-north-star-value"
        style={{ fontSize: TV_TYPE.hero, fontWeight: 700, lineHeight: 1 }}
      >
        {formatKpiValue(value, unit)}
      </Typography>
      {valueError && (
        <Typography style={{ fontSize: TV_TYPE.note, color: TV_COLORS.muted }}>
          {valueError}
        </Typography>
      )}
      <Box display="flex" style={{ gap: 48 }}>
        {target && (
          <Typography style={{ fontSize: TV_TYPE.label }}>
            Target {formatKpiTarget(target, unit)}
            {met !== undefined && (
              <span
                style={{
                  color: met ? TV_COLORS.good : TV_COLORS.bad,
                  marginLeft: 16,
                  fontWeight: 600,
                }}
              >
                {met ? 'met' : 'missed'}
              </span>
            )}
          </Typography>
        )}
        {goal && (
          <Typography style={{ fontSize: TV_TYPE.label }}>
            Goal {formatKpiValue(goal.target, unit)} by{' '}
            {formatStoredDay(goal.dueDate)}
          </Typography>
        )}
      </Box>
      <TrendLine
        weeks={trend}
        target={target?.value}
        format={v => formatKpiValue(v, unit)}
      />
    </Box>
  );
}
