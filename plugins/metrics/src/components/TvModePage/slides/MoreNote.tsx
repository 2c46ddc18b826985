import Typography from '@material-ui/core/Typography';
import { plural } from '../../shared/format';
import { TV_COLORS, TV_TYPE } from '../tvTheme';

/** Says how many items did not fit on the slide; nothing when all did. */
export function MoreNote(props: {
  total: number;
  shown: number;
  what: string;
}) {
  const more = props.total - props.shown;
  if (more <= 0) return null;
  return (
    <Typography
      style={{ fontSize: TV_TYPE.note, color: TV_COLORS.muted, marginTop: 16 }}
    >
      and {plural(more, `more ${props.what}`)} on the squad's Metrics tab
    </Typography>
  );
}
