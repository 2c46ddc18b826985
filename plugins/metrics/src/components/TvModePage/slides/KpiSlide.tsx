import type { OwnedMetric } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatKpiValue } from '../../EntityMetricsContent/kpiFormat';
import { TV_COLORS, TV_TYPE } from '../tvTheme';
import { serviceName } from '../tvSlides';
import { MoreNote } from './MoreNote';

// Six tiles (three by two) still read from the back of a room.
const MAX_TILES = 6;

/** A bucket's KPIs as big tiles: name, value, the service declaring it. */
export function KpiSlide(props: { kpis: OwnedMetric[] }) {
  const shown = props.kpis.slice(0, MAX_TILES);
  return (
    <Box>
      <Box
        display="grid"
        style={{
          gridTemplateColumns: `repeat(${Math.min(3, shown.length)}, 1fr)`,
          gap: 32,
        }}
      >
        {shown.map(kpi => (
          <Box
            key={`${kpi.entityRef}|${kpi.id}`}
            p={4}
            data-testid="tv-kpi"
            style={{
              background: TV_COLORS.surface,
              border: `2px solid ${TV_COLORS.border}`,
              borderRadius: 16,
            }}
          >
            <Typography style={{ fontSize: TV_TYPE.label, fontWeight: 600 }}>
              {kpi.name}
            </Typography>
            <Typography
              style={{
                fontSize: TV_TYPE.value,
                fontWeight: 700,
                lineHeight: 1.2,
              }}
            >
              {formatKpiValue(kpi.value, kpi.unit)}
            </Typography>
            <Typography
              style={{ fontSize: TV_TYPE.note, color: TV_COLORS.muted }}
            >
              {kpi.valueError ?? serviceName(kpi.entityRef)}
            </Typography>
          </Box>
        ))}
      </Box>
      <MoreNote total={props.kpis.length} shown={shown.length} what="KPI" />
    </Box>
  );
}
