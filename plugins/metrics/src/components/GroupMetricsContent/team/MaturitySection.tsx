import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { TeamMaturity } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SectionMessage } from '../../shared/SectionMessage';
import { formatDateTime } from '../../shared/format';
import { isNotFound } from './apiError';
import { MaturityHistory } from './MaturityHistory';
import { MaturityStages } from './MaturityStages';
import { useTeam } from './useTeam';
import { useTeamMaturity } from './useTeamData';

const LAST_STAGE = 6;

const useStyles = makeStyles(theme => ({
  nextStep: {
    borderLeft: `3px solid ${theme.palette.primary.main}`,
    backgroundColor: theme.palette.action.hover,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5, 2),
    margin: theme.spacing(2, 0),
  },
}));

function Overview(props: { maturity: TeamMaturity }) {
  const classes = useStyles();
  const { maturity } = props;
  return (
    <>
      <Typography variant="overline" color="textSecondary" component="div">
        Current stage
      </Typography>
      <Typography variant="h5" component="p" data-testid="maturity-stage">
        Stage {maturity.stage} of {LAST_STAGE} · {maturity.stageName}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        Assessed {formatDateTime(maturity.assessedAt)}
      </Typography>
      <Box className={classes.nextStep} data-testid="maturity-next-step">
        <Typography variant="overline" component="div">
          {maturity.nextStep ? 'Next step' : 'Top stage reached'}
        </Typography>
        <Typography variant="body2">
          {maturity.nextStep ??
            'Keep reviewing the metrics weekly and acting on what they show.'}
        </Typography>
      </Box>
      <MaturityHistory history={maturity.history} />
    </>
  );
}

/**
 * The squad's maturity stage (docs/maturity.md#stages): where it stands, the evidence of every stage,
 * the concrete next step and how the stage moved.
 */
export function MaturitySection() {
  const team = useTeam();
  const { value, loading, error } = useTeamMaturity(team);
  let body;
  let status: string;
  if (value) {
    // After a write the stage is re-read; the previous answer stays meanwhile.
    status = 'ok';
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12} md={5}>
          <Overview maturity={value} />
        </Grid>
        <Grid item xs={12} md={7}>
          <MaturityStages stage={value.stage} checks={value.checks} />
        </Grid>
      </Grid>
    );
  } else if (loading) {
    status = 'loading';
    body = <Progress />;
  } else if (error && isNotFound(error)) {
    status = 'not-assessed';
    body = (
      <SectionMessage kind="empty" title="Not assessed as a team">
        Maturity is tracked for squads and teams; this group is not assessed as
        one, so it has no stage.
      </SectionMessage>
    );
  } else {
    status = 'error';
    body = (
      <ResponseErrorPanel
        title="Could not read the squad's maturity"
        error={error ?? new Error('No answer')}
      />
    );
  }
  return (
    <div data-testid="metrics-team-maturity" data-status={status}>
      <InfoCard
        title="Maturity"
        subheader="How far the squad has made looking at and acting on its metrics a habit"
      >
        {body}
      </InfoCard>
    </div>
  );
}
