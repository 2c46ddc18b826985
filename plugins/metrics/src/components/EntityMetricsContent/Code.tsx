import Typography from '@material-ui/core/Typography';

/** A label matcher or selector, in monospace. */
export function Code(props: { children: string }) {
  return (
    <Typography
      variant="body2"
      component="code"
      style={{ fontFamily: 'monospace' }}
    >
      {props.children}
    </Typography>
  );
}
