import Typography from '@material-ui/core/Typography';
import LockOutlined from '@material-ui/icons/LockOutlined';
import { plural } from '../shared/format';

/**
 * Says how many sensitive metrics were left out because the viewer may not read them, so an
 * empty or short list is not taken for "nothing there". Renders nothing when none were.
 */
export function HiddenSensitiveNote(props: { count?: number }) {
  const { count } = props;
  if (!count) return null;
  // A span, so that it may sit in a card's subheader (itself a paragraph).
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="span"
      data-testid="hidden-sensitive"
      style={{ display: 'flex', alignItems: 'center', gap: 4 }}
    >
      <LockOutlined style={{ fontSize: 'inherit' }} />
      {plural(count, 'sensitive metric')} hidden: you may not read{' '}
      {count === 1 ? 'it' : 'them'}.
    </Typography>
  );
}
