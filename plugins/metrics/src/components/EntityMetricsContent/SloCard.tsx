import type {
  PreviousSlo,
  RangeWindow,
  SloComputedFrom,
  SloViewItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { Delta } from '../shared/Delta';
import { SloStatusChips } from '../shared/SloStatusChips';
import { SourceLinks } from '../shared/SourceLinks';
import { StaleNote } from '../shared/StaleNote';
import { formatStoredDay } from '../shared/format';
import { Stat } from '../shared/Stat';
import {
  formatBudget,
  formatCount,
  formatObjective,
  formatPreviousRange,
  formatSli,
  NO_DATA,
  pointsDelta,
} from '../shared/format';
import { BurnRates } from './BurnRates';
import { PolicyStepNote } from './PolicyStepNote';
import { BudgetChart, SliChart } from './SloCharts';

/** What the numbers were computed from, as the backend says. */
function computedFromText({ source, note }: SloComputedFrom): string {
  const from =
    source === 'recording-rules' ? 'From recording rules' : 'From raw series';
  return note ? `${from}: ${note}` : from;
}

/**
 * One SLO: objective and window, SLI and budget with deltas, burn rates, status, the
 * SLI-vs-objective and budget burn-down charts, links to the queries, and the error-budget
 * policy step that applies now.
 *
 * `previous` is the same SLO one period earlier: `undefined` when not compared (no delta),
 * `null` when unavailable (`—`).
 *
 * An SLO built from stored snapshots (`stale`) says so and up to which day; it has no burn
 * rates, series or deltas, so those are left out rather than shown empty.
 */
export function SloCard(props: {
  slo: SloViewItem;
  previous?: PreviousSlo | null;
  range: RangeWindow;
}) {
  const { slo, range } = props;
  const { stale } = slo;
  // Two stored readings may end on the same day: a delta between them would mislead.
  const previous = stale ? undefined : props.previous;
  const vs = formatPreviousRange(range);
  const sliDelta =
    previous === undefined
      ? undefined
      : pointsDelta(slo.sli, previous?.sli, 'up', 3);
  const budgetDelta =
    previous === undefined
      ? undefined
      : pointsDelta(slo.budgetRemaining, previous?.budgetRemaining, 'up', 1);
  const lowTraffic = slo.state === 'low-traffic';

  return (
    <Paper variant="outlined" data-testid={`slo-${slo.id}`}>
      <Box p={2}>
        <Box
          display="flex"
          justifyContent="space-between"
          alignItems="flex-start"
          flexWrap="wrap"
          style={{ gap: 8 }}
          mb={1}
        >
          <Box>
            <Typography variant="h6" component="h3">
              {slo.name}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {formatObjective(slo.objective)} over {slo.window}
              {slo.description ? ` · ${slo.description}` : ''}
            </Typography>
            {slo.computedFrom && (
              <Typography
                variant="caption"
                color="textSecondary"
                data-testid="slo-computed-from"
              >
                {computedFromText(slo.computedFrom)}
              </Typography>
            )}
          </Box>
          <SloStatusChips state={slo.state} alert={slo.alert} />
        </Box>
        {stale && (
          <Box mb={1}>
            <StaleNote stale={stale} testId="slo-stale" />
          </Box>
        )}
        {slo.policy && (
          <Box mb={1}>
            <PolicyStepNote policy={slo.policy} />
          </Box>
        )}
        <Grid container spacing={3}>
          <Grid item xs={12} md={stale ? 12 : 4}>
            <Stat
              label={
                stale
                  ? `SLI over the ${slo.window} up to ${formatStoredDay(
                      stale.asOf,
                    )}`
                  : `Current SLI (over ${slo.window})`
              }
              large
              value={formatSli(slo.sli)}
              testId="slo-sli"
              delta={
                <Delta
                  delta={sliDelta}
                  title={`vs ${vs}: ${
                    previous ? formatSli(previous.sli) : NO_DATA
                  }`}
                />
              }
            />
            <Stat
              label="Error budget left"
              large
              value={formatBudget(slo.budgetRemaining)}
              testId="slo-budget"
              delta={
                <Delta
                  delta={budgetDelta}
                  title={`vs ${vs}: ${
                    previous ? formatBudget(previous.budgetRemaining) : NO_DATA
                  }`}
                />
              }
            />
            <Stat
              label="Valid events"
              value={`${formatCount(slo.counts.valid)} in ${slo.window}`}
              note={
                lowTraffic
                  ? 'Low traffic: too few events to judge the objective'
                  : undefined
              }
            />
          </Grid>
          {!stale && (
            <>
              <Grid item xs={12} md={4}>
                <SliChart
                  series={slo.series}
                  objective={slo.objective}
                  window={slo.window}
                  range={range}
                />
              </Grid>
              <Grid item xs={12} md={4}>
                <BudgetChart
                  series={slo.series}
                  window={slo.window}
                  range={range}
                />
              </Grid>
              <Grid item xs={12}>
                <BurnRates burnRates={slo.burnRates} />
              </Grid>
            </>
          )}
        </Grid>
        <Box mt={1}>
          <SourceLinks links={slo.links} label={slo.name} />
        </Box>
      </Box>
    </Paper>
  );
}
