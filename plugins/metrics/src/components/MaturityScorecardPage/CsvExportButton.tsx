import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { alertApiRef } from '@backstage/core-plugin-api';
import type { MaturityFilter } from '@metrics-suite/backstage-plugin-metrics-common';
import Button from '@material-ui/core/Button';
import GetApp from '@material-ui/icons/GetApp';
import { metricsApiRef } from '../../api';
import { downloadFile } from '../shared/downloadFile';

/**
 * Downloads every team matching `filter` as the backend writes the CSV
 * (`GET /v1/maturity.csv`); disabled when there is nothing to export.
 */
export function CsvExportButton(props: {
  disabled: boolean;
  filter: MaturityFilter;
}) {
  const metricsApi = useApi(metricsApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const exportCsv = async () => {
    setBusy(true);
    try {
      const { fileName, csv } = await metricsApi.exportMaturityCsv(
        props.filter,
      );
      downloadFile(fileName, csv, 'text/csv;charset=utf-8', {
        byteOrderMark: true,
      });
    } catch (e) {
      alertApi.post({
        message: `Could not export the CSV: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<GetApp />}
      disabled={props.disabled || busy}
      onClick={exportCsv}
    >
      Export CSV
    </Button>
  );
}
