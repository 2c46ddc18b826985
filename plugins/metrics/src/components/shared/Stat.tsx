import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  value: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
});

/** A labelled number with an optional delta and note underneath. */
export function Stat(props: {
  label: string;
  value: ReactNode;
  delta?: ReactNode;
  note?: ReactNode;
  large?: boolean;
  /** `data-testid` of the value. */
  testId?: string;
}) {
  const classes = useStyles();
  return (
    <Box mb={1.5}>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Box
        display="flex"
        alignItems="baseline"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography
          variant={props.large ? 'h5' : 'body1'}
          component="span"
          className={classes.value}
          data-testid={props.testId}
        >
          {props.value}
        </Typography>
        {props.delta}
      </Box>
      {props.note && (
        <Typography variant="caption" color="textSecondary" component="div">
          {props.note}
        </Typography>
      )}
    </Box>
  );
}
