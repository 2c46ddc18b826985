import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import SettingsOutlined from '@material-ui/icons/SettingsOutlined';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';

const ICONS = {
  empty: InfoOutlined,
  'not-configured': SettingsOutlined,
  done: CheckCircleOutline,
};

/** A short explanation inside a panel: nothing to show, not configured, or all done. */
export function SectionMessage(props: {
  kind: keyof typeof ICONS;
  title?: string;
  children: ReactNode;
}) {
  const Icon = ICONS[props.kind];
  return (
    <Box display="flex" alignItems="flex-start" py={1}>
      <Box mr={1.5} mt={0.25} color="text.secondary">
        <Icon fontSize="small" />
      </Box>
      <Box>
        {props.title && (
          <Typography variant="subtitle2" gutterBottom>
            {props.title}
          </Typography>
        )}
        <Typography variant="body2" color="textSecondary" component="div">
          {props.children}
        </Typography>
      </Box>
    </Box>
  );
}
