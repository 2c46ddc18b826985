import type { OwnedMetric } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatKpiValue } from '../../EntityMetricsContent/kpiFormat';
import { TV_COLORS, TV_TYPE } from '../tvTheme';
import { serviceName } from '../tvSlides';
import useWindowSize from 'react-use/esm/useWindowSize';
import { rowsThatFit } from './fit';
import { MoreNote } from './MoreNote';

// Three tiles a row; a tile is a 28px name, a 64px value and a 24px note, padded.
const COLUMNS = 3;
const TILE_HEIGHT = 230;
// The screen's header and footer and the "and N more" note.
const OVERHEAD = 300;

/** A bucket's KPIs as big tiles: name, value, the service declaring it. */
export function KpiSlide(props: { kpis: OwnedMetric[] }) {
  const rows = rowsThatFit(useWindowSize().height, TILE_HEIGHT, OVERHEAD);
  const shown = props.kpis.slice(0, rows * COLUMNS);
  return (
    <Box>
      <Box
        display="grid"
        style={{
          gridTemplateColumns: `repeat(${Math.min(
            COLUMNS,
            shown.length,
          )}, 1fr)`,
          gap: 32,
        }}
      >
        {shown.map(kpi => (
          <Box
            key={`${kpi.entityRef}|${kpi.id}`}
            p={3}
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
