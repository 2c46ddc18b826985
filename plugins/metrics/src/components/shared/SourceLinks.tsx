import type { SourceLink } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import OpenInNew from '@material-ui/icons/OpenInNew';

/** Small buttons opening where a number comes from (e.g. the query in Prometheus). */
export function SourceLinks(props: { links?: SourceLink[]; label?: string }) {
  const links = props.links ?? [];
  if (links.length === 0) return null;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {links.map(link => (
        <Button
          key={`${link.title}:${link.url}`}
          size="small"
          variant="text"
          color="primary"
          href={link.url}
          target="_blank"
          rel="noopener noreferrer"
          endIcon={<OpenInNew fontSize="inherit" />}
          style={{ textTransform: 'none' }}
          aria-label={`${link.title}${
            props.label ? ` of ${props.label}` : ''
          } (opens the source)`}
        >
          {link.title}
        </Button>
      ))}
    </Box>
  );
}
