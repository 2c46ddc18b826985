import { useMemo, useState } from 'react';
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
import { formatDateTime } from '../shared/format';
import { SectionMessage } from '../shared/SectionMessage';
import { CsvExportButton } from './CsvExportButton';
import { MaturityTable, PAGE_SIZES } from './MaturityTable';
import { ParentFilter } from './ParentFilter';
import {
  humanizeGroupRef,
  normalizeGroupRef,
  parentOptions,
  ScorecardRow,
} from './rows';
import { StageDistributionChart } from './StageDistributionChart';
import { StageFilter } from './StageFilter';
import { TeamSearch } from './TeamSearch';
import { movementText } from './trend';
import { useMaturity } from './useMaturity';
import { useScorecardParams } from './useScorecardParams';

function lastAssessment(rows: ScorecardRow[]): string | undefined {
  const latest = rows.reduce<string | undefined>(
    (max, r) => (!max || r.team.assessedAt > max ? r.team.assessedAt : max),
    undefined,
  );
  return latest && `Last assessed ${formatDateTime(latest)}`;
}

/** Why the filtered list is empty, in words. */
function emptyFilterText(filters: {
  parentLabel?: string;
  stage?: number;
  search?: string;
}): string {
  const parts = [];
  if (filters.parentLabel)
    parts.push(`has ${filters.parentLabel} as its parent group`);
  if (filters.stage !== undefined) parts.push(`is at stage ${filters.stage}`);
  if (filters.search) parts.push(`matches “${filters.search}”`);
  return `No team ${parts.join(' and ')}.`;
}

/**
 * The org-wide maturity scorecard without a page header: the tribe, stage and search filters
 * and the CSV export, the filtered teams' stage distribution, and one page of teams, lowest
 * stage first. Filtering, counting and paging happen on the backend.
 */
export function MaturityScorecard() {
  const [params, setParams] = useScorecardParams();
  const { parent, stage, search } = params;
  const filter = useMemo(
    () => ({
      ...(parent ? { parent: normalizeGroupRef(parent) } : {}),
      ...(stage !== undefined ? { stages: [stage] } : {}),
      ...(search ? { search } : {}),
    }),
    [parent, stage, search],
  );
  // The page belongs to the filter it was chosen for: a new filter starts at the first page.
  const filterKey = JSON.stringify(filter);
  const [paging, setPaging] = useState({
    filterKey,
    offset: 0,
    limit: PAGE_SIZES[0],
  });
  const page = {
    offset: paging.filterKey === filterKey ? paging.offset : 0,
    limit: paging.limit,
  };
  const setPage = (next: { offset: number; limit: number }) =>
    setPaging({ filterKey, ...next });
  const { response, rows, loading, error, retry } = useMaturity({
    ...filter,
    ...page,
  });
  const options = useMemo(
    () => parentOptions(response?.parents ?? []),
    [response],
  );
  const parentLabel = parent
    ? humanizeGroupRef(normalizeGroupRef(parent))
    : undefined;
  const filtered = Boolean(parent || stage !== undefined || search);
  const total = response?.totalItems ?? 0;

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
  } else if (!rows || !response) {
    body = <Progress />;
  } else if (total === 0 && !filtered) {
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
            subheader={[
              movementText(total, response.trend),
              lastAssessment(rows),
            ]
              .filter(Boolean)
              .join(' — ')}
          >
            {total > 0 ? (
              <StageDistributionChart stages={response.stages} />
            ) : (
              <SectionMessage kind="empty" title="No teams match the filters">
                {emptyFilterText({ parentLabel, stage, search })}{' '}
                <Button
                  size="small"
                  color="primary"
                  onClick={() =>
                    setParams({
                      parent: undefined,
                      stage: undefined,
                      search: undefined,
                    })
                  }
                >
                  Show every team
                </Button>
              </SectionMessage>
            )}
          </InfoCard>
        </Grid>
        {total > 0 && (
          <Grid item xs={12}>
            <MaturityTable
              rows={rows}
              title={parentLabel ? `Teams of ${parentLabel}` : 'Every team'}
              totalItems={total}
              offset={response.offset}
              limit={response.limit}
              onPage={setPage}
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
        <CsvExportButton disabled={total === 0} filter={filter} />
      </ContentHeader>
      {/* A row of its own: beside the description the filters would cover it. */}
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={2}
        style={{ gap: 12 }}
      >
        <TeamSearch
          value={search}
          onChange={next => setParams({ search: next })}
        />
        <ParentFilter
          options={options}
          value={parent}
          onChange={next => setParams({ parent: next })}
        />
        <StageFilter
          value={stage}
          onChange={next => setParams({ stage: next })}
        />
      </Box>
      {body}
    </>
  );
}
