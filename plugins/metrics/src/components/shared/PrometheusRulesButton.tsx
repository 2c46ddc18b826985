import { useState } from 'react';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  CodeSnippet,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { SloRulesFormat } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import GetApp from '@material-ui/icons/GetApp';
import { downloadFile } from './downloadFile';
import { usePrometheusRules } from './usePrometheusRules';

const FORMATS: ReadonlyArray<{
  format: SloRulesFormat;
  label: string;
  help: string;
}> = [
  {
    format: 'rules',
    label: 'Rule file',
    help: "Add it to the rule_files of the Prometheus that holds these services' series.",
  },
  {
    format: 'prometheusrule',
    label: 'PrometheusRule',
    help: 'Apply it with kubectl where the prometheus-operator selects rules.',
  },
  {
    format: 'backfill',
    label: 'Backfill',
    help: 'Only the hourly counts, for promtool tsdb create-blocks-from rules: the SLO window then has history from the start.',
  },
  {
    format: 'openslo',
    label: 'OpenSLO',
    help: 'The SLOs as OpenSLO v1 documents, for tools that read OpenSLO.',
  },
];

/**
 * "Prometheus rules": the recording and burn-rate alerting rules the backend generates for
 * `entityRef`'s SLOs (a group: every SLO it owns), to read, copy or download, in each format.
 */
export function PrometheusRulesButton(props: {
  entityRef: CompoundEntityRef;
  /** Whose SLOs, for the dialog title: "this service", "the squad". */
  of: string;
}) {
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<SloRulesFormat>('rules');
  const rules = usePrometheusRules(props.entityRef, format, open);
  const current = FORMATS.find(f => f.format === format)!;
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        onClick={() => setOpen(true)}
        data-testid="prometheus-rules-open"
      >
        Prometheus rules
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        fullWidth
        maxWidth="md"
        aria-labelledby="metrics-rules-title"
      >
        <DialogTitle id="metrics-rules-title">
          Prometheus rules of {props.of}
        </DialogTitle>
        <DialogContent>
          <Tabs
            value={format}
            onChange={(_event, value: SloRulesFormat) => setFormat(value)}
            indicatorColor="primary"
          >
            {FORMATS.map(f => (
              <Tab key={f.format} value={f.format} label={f.label} />
            ))}
          </Tabs>
          <Box my={1}>
            <Typography variant="body2" color="textSecondary">
              Recording rules for each SLO's error ratio over the burn-rate
              windows and its SLO window, and the SRE workbook's burn-rate
              alerts for the SLOs that declare one. {current.help}
            </Typography>
          </Box>
          {rules.loading && <Progress />}
          {rules.error && (
            <ResponseErrorPanel
              title="Could not generate the rules"
              error={rules.error}
            />
          )}
          {rules.file && !rules.loading && (
            <Box data-testid="prometheus-rules-text">
              <CodeSnippet
                text={rules.file.text}
                language="yaml"
                showCopyCodeButton
              />
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button
            startIcon={<GetApp />}
            color="primary"
            disabled={!rules.file || rules.loading}
            onClick={() =>
              rules.file &&
              downloadFile(
                rules.file.fileName,
                rules.file.text,
                'application/yaml',
              )
            }
          >
            Download
          </Button>
          <Button onClick={() => setOpen(false)}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
