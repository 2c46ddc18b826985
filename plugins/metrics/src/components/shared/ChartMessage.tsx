import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** Stands in for a chart without data, at the chart's height. */
export function ChartMessage(props: { height: number; children: string }) {
  return (
    <Box
      height={props.height}
      display="flex"
      alignItems="center"
      justifyContent="center"
      border={1}
      borderColor="divider"
      borderRadius={4}
      style={{ borderStyle: 'dashed' }}
    >
      <Typography variant="caption" color="textSecondary">
        {props.children}
      </Typography>
    </Box>
  );
}
