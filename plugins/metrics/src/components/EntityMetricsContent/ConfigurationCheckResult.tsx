import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { SeriesCheckList } from './SeriesCheckList';
import type { ConfigurationCheckState } from './useConfigurationCheck';

function lookback(seconds: number): string {
  return seconds === 3600
    ? 'the last hour'
    : `the last ${seconds / 60} minutes`;
}

/** The configuration check as the backend answered it: loading, failed, or its checks. */
export function ConfigurationCheckResult(props: {
  state: ConfigurationCheckState;
}) {
  const { check, loading, error, retry } = props.state;
  const again = (
    <Button size="small" onClick={retry} disabled={loading}>
      Check again
    </Button>
  );
  if (loading && !check) return <Progress />;
  if (error) {
    return (
      <>
        <ResponseErrorPanel
          title="Could not check the configuration"
          error={error}
        />
        {again}
      </>
    );
  }
  if (!check) return null;
  if (check.status === 'not-configured') {
    return <Typography variant="body2">{check.message}</Typography>;
  }
  return (
    <>
      {check.checks.length > 0 ? (
        <SeriesCheckList checks={check.checks} />
      ) : (
        <Typography variant="body2">Nothing to check.</Typography>
      )}
      <Box display="flex" alignItems="center" mt={1}>
        <Typography variant="caption" color="textSecondary">
          Series with samples in {lookback(check.lookbackSeconds)}, checked{' '}
          {new Date(check.checkedAt).toLocaleTimeString()}
        </Typography>
        <Box ml={1}>{again}</Box>
      </Box>
    </>
  );
}
