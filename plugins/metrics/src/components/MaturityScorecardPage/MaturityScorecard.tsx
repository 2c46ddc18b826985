import { useMemo } from 'react';
import {
  ContentHeader,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { formatDateTime, plural } from '../shared/format';
import { SectionMessage } from '../shared/SectionMessage';
import { CsvExportButton } from './CsvExportButton';
import { maturityCsv, maturityCsvFileName } from './maturityCsv';
import { MaturityTable } from './MaturityTable';
import { ParentFilter } from './ParentFilter';
import {
  filterByParent,
  humanizeGroupRef,
  normalizeGroupRef,
  parentOptions,
  ScorecardRow,
  stageDistribution,
} from './rows';
import { StageDistributionChart } from './StageDistributionChart';
import { TREND_DAYS } from './trend';
import { useMaturity } from './useMaturity';
import { useParentParam } from './useParentParam';

function movementLine(rows: ScorecardRow[]): string {
  const count = (direction: string) =>
    rows.filter(r => r.trend.direction === direction).length;
  const parts = [plural(rows.length, 'team')];
  const up = count('up');
  const down = count('down');
  const none = count('none');
  parts.push(`${up} moved up`, `${down} moved down in ${TREND_DAYS / 7} weeks`);
  if (none > 0) parts.push(`${none} without history yet`);
  return parts.join(' · ');
}

function lastAssessment(rows: ScorecardRow[]): string | undefined {
  const latest = rows.reduce<string | undefined>(
    (max, r) => (!max || r.team.assessedAt > max ? r.team.assessedAt : max),
    undefined,
  );
  return latest && `Last assessed ${formatDateTime(latest)}`;
}

/**
 * The org-wide maturity scorecard without a page header: the tribe filter and CSV export,
 * the stage distribution, and every team worst first.
 */
export function MaturityScorecard() {
  const { rows, loading, error, retry } = useMaturity();
  const [parent, setParent] = useParentParam();
  const options = useMemo(() => parentOptions(rows ?? []), [rows]);
  const shown = useMemo(
    () => filterByParent(rows ?? [], parent),
    [rows, parent],
  );
  const parentLabel = parent
    ? humanizeGroupRef(normalizeGroupRef(parent))
    : undefined;

  let body;
  if (error) {
    body = (
      <>
        <ResponseErrorPanel
          title="Could not load the maturity of the teams"
          error={error}
        />
        <Box mt={2}>
          <Button variant="outlined" onClick={retry} disabled={loading}>
            Retry
          </Button>
        </Box>
      </>
    );
  } else if (!rows) {
    body = <Progress />;
  } else if (rows.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No teams found"
        description="Teams are Group entities whose spec.type is team or squad (metrics.maturity.teamTypes)."
      />
    );
  } else {
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard
            title="Stage distribution"
            subheader={[movementLine(shown), lastAssessment(shown)]
              .filter(Boolean)
              .join(' — ')}
          >
            {shown.length > 0 ? (
              <StageDistributionChart stages={stageDistribution(shown)} />
            ) : (
              <SectionMessage kind="empty" title="No teams in this tribe">
                No team has {parentLabel} as its parent group.{' '}
                <Button
                  size="small"
                  color="primary"
                  onClick={() => setParent(undefined)}
                >
                  Show every team
                </Button>
              </SectionMessage>
            )}
          </InfoCard>
        </Grid>
        {shown.length > 0 && (
          <Grid item xs={12}>
            <MaturityTable
              rows={shown}
              title={parentLabel ? `Teams of ${parentLabel}` : 'Every team'}
            />
          </Grid>
        )}
      </Grid>
    );
  }

  return (
    <>
      <ContentHeader
        title="Teams by maturity stage"
        description="Stages are cumulative, 0 (not started) to 6 (regularly acting); each is met from evidence the suite records."
      >
        <Box display="flex" alignItems="center" style={{ gap: 12 }}>
          <ParentFilter options={options} value={parent} onChange={setParent} />
          <CsvExportButton
            disabled={shown.length === 0}
            build={() => ({
              fileName: maturityCsvFileName(new Date(), parentLabel),
              csv: maturityCsv(shown),
            })}
          />
        </Box>
      </ContentHeader>
      {body}
    </>
  );
}
