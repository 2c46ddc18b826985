import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  GroupMetricsResponse,
  NorthStarView,
  meetsTarget,
  metricsGoalCreatePermission,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { metricsApiRef } from '../../../api';
import {
  formatKpiTarget,
  formatKpiValue,
} from '../../EntityMetricsContent/kpiFormat';
import { MetChip } from '../../shared/TargetChip';
import { formatRange } from '../../shared/format';
import { errorMessage } from '../team/apiError';
import { DialogError } from '../team/DialogError';
import { useTeam } from '../team/useTeam';
import { useTeamPermission } from '../team/useTeamPermission';
import { ChooseNorthStarDialog } from './ChooseNorthStarDialog';
import { NorthStarTrend } from './NorthStarTrend';
import { kpiChoices } from './northStarModel';

const useStyles = makeStyles(theme => ({
  value: { fontVariantNumeric: 'tabular-nums', lineHeight: 1.1 },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(4),
  },
}));

function GoalLine(props: { northStar: NorthStarView }) {
  const { goal, unit } = props.northStar;
  if (!goal) {
    return (
      <Typography variant="body2" color="textSecondary">
        No open goal on it.
      </Typography>
    );
  }
  return (
    <Typography variant="body2" data-testid="north-star-goal">
      Goal: {formatKpiValue(goal.baseline, unit)} →{' '}
      {formatKpiValue(goal.target, unit)} by {goal.dueDate}
      {goal.status === 'due' ? ' (due: follow it up)' : ''}
    </Typography>
  );
}

function NorthStarBody(props: {
  northStar: NorthStarView;
  range?: GroupMetricsResponse['range']['window'];
}) {
  const classes = useStyles();
  const { northStar, range } = props;
  const { value, unit, target } = northStar;
  return (
    <div className={classes.row}>
      <div>
        <Typography variant="h6" component="div">
          {northStar.name}
        </Typography>
        <Typography variant="caption" color="textSecondary" component="div">
          <EntityRefLink
            entityRef={northStar.metric.entityRef}
            defaultKind="component"
          />
        </Typography>
      </div>
      <div>
        {northStar.valueError ? (
          <Tooltip title={northStar.valueError}>
            <Typography
              variant="h4"
              color="error"
              data-testid="north-star-value"
            >
              value unavailable
            </Typography>
          </Tooltip>
        ) : (
          <Typography
            variant="h3"
            component="div"
            className={classes.value}
            data-testid="north-star-value"
          >
            {formatKpiValue(value, unit)}
          </Typography>
        )}
        <Typography variant="caption" color="textSecondary" component="div">
          {range ? `over the ${formatRange(range)}` : ''}
          {unit && unit !== 'count' ? ` · ${unit}` : ''}
        </Typography>
      </div>
      {target && (
        <MetChip
          label={formatKpiTarget(target, unit)}
          met={meetsTarget(value, target)}
          testId="north-star-target"
        />
      )}
      <div>
        <Typography variant="caption" color="textSecondary" component="div">
          Last {northStar.trend.length} weeks
        </Typography>
        <NorthStarTrend
          trend={northStar.trend}
          unit={unit}
          target={target?.value}
        />
      </div>
      <GoalLine northStar={northStar} />
    </div>
  );
}

/**
 * The squad's north star heading the tab (docs/api.md#north-star): its value over the view's
 * range, target, 12-week trend and goal. Team writers choose or clear it; without one they see
 * a call to action and everyone else nothing.
 */
export function NorthStarSection(props: {
  view?: GroupMetricsResponse;
  onChange: (northStar: NorthStarView | null) => void;
}) {
  const { view, onChange } = props;
  const api = useApi(metricsApiRef);
  const team = useTeam();
  const write = useTeamPermission(metricsGoalCreatePermission, team);
  const [choosing, setChoosing] = useState(false);
  const [clearing, setClearing] = useState(false);
  const [clearError, setClearError] = useState<string>();
  if (!view) return null;
  const northStar = view.northStar;
  const kpis = kpiChoices(view.metrics);
  const writer = write.allowed && !write.loading;
  // None marked, or marked but no longer declared or hidden from the viewer: writers get the
  // call to action, everyone else no empty card.
  if (!northStar && !writer) return null;

  const clear = async () => {
    setClearing(true);
    setClearError(undefined);
    try {
      await api.clearNorthStar(team.compoundRef);
      onChange(null);
    } catch (e) {
      setClearError(errorMessage(e as Error));
    } finally {
      setClearing(false);
    }
  };

  const actions = writer && (
    <Box display="flex" style={{ gap: 8 }}>
      <Button
        size="small"
        color="primary"
        variant={northStar ? 'text' : 'contained'}
        onClick={() => setChoosing(true)}
        disabled={kpis.length === 0}
      >
        {northStar ? 'Change north star' : 'Choose north star'}
      </Button>
      {northStar && (
        <Button size="small" onClick={clear} disabled={clearing}>
          Clear
        </Button>
      )}
    </Box>
  );

  return (
    <div data-testid="metrics-north-star">
      <InfoCard title="North star" action={actions || undefined}>
        {northStar ? (
          <NorthStarBody northStar={northStar} range={view.range.window} />
        ) : (
          <Typography variant="body2" color="textSecondary">
            {kpis.length === 0
              ? 'Declare a KPI on one of the squad’s services to choose it as the north star: the one metric the squad steers by.'
              : 'Choose the one KPI the squad steers by. It heads this tab, the TV view and the weekly digest.'}
          </Typography>
        )}
        <DialogError
          title="Could not clear the north star"
          message={clearError}
        />
      </InfoCard>
      {choosing && (
        <ChooseNorthStarDialog
          team={team}
          kpis={kpis}
          current={northStar}
          onClose={() => setChoosing(false)}
          onSaved={saved => {
            setChoosing(false);
            onChange(saved);
          }}
        />
      )}
    </div>
  );
}
