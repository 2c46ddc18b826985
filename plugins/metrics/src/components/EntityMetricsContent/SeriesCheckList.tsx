import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { SeriesCheck } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Code } from './Code';

/** The status of one check in a few words, with its colour. */
function CheckStatus(props: { check: SeriesCheck }) {
  const { check } = props;
  switch (check.status) {
    case 'found':
      return (
        <StatusOK>
          {check.series ?? 0}
          {check.seriesLimited ? '+' : ''} series
        </StatusOK>
      );
    case 'no-matching-series':
      return <StatusError>no series for this service</StatusError>;
    case 'no-metric':
      return <StatusError>metric not found</StatusError>;
    case 'unavailable':
      return <StatusWarning>could not check</StatusWarning>;
    default:
      return <StatusAborted>not checked</StatusAborted>;
  }
}

/** Each series the entity's metrics read, how many exist, and the backend's explanation. */
export function SeriesCheckList(props: { checks: SeriesCheck[] }) {
  return (
    <Box component="ul" m={0} pl={2}>
      {props.checks.map(check => (
        <Box
          component="li"
          key={check.selector ?? check.definitionId ?? check.title}
          mb={1}
          data-testid="series-check"
        >
          <Typography variant="body2" component="div">
            {check.title}: <CheckStatus check={check} />
          </Typography>
          {check.selector && <Code>{check.selector}</Code>}
          {check.message && check.status !== 'found' && (
            <Typography variant="body2" color="textSecondary">
              {check.message}
            </Typography>
          )}
        </Box>
      ))}
    </Box>
  );
}
