import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ErrorOutline from '@material-ui/icons/ErrorOutline';

/** Why saving failed, inside a dialog whose input stays as typed. */
export function DialogError(props: { title: string; message?: string }) {
  if (!props.message) return null;
  return (
    <Box
      role="alert"
      display="flex"
      alignItems="flex-start"
      mt={2}
      p={1.5}
      border={1}
      borderColor="error.main"
      borderRadius={4}
      color="error.main"
      data-testid="dialog-error"
    >
      <Box mr={1} mt={0.25}>
        <ErrorOutline fontSize="small" />
      </Box>
      <Box>
        <Typography variant="subtitle2">{props.title}</Typography>
        <Typography variant="body2">{props.message}</Typography>
      </Box>
    </Box>
  );
}
