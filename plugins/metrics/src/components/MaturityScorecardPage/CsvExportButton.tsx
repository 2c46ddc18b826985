import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { alertApiRef } from '@backstage/core-plugin-api';
import type { MaturityFilter } from '@metrics-suite/backstage-plugin-metrics-common';
import Button from '@material-ui/core/Button';
import GetApp from '@material-ui/icons/GetApp';
import { metricsApiRef } from '../../api';

/** Saves text as a file through a temporary object URL. */
export function downloadFile(fileName: string, text: string, type: string) {
  // The byte order mark makes spreadsheet programs read the file as UTF-8.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

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
      downloadFile(fileName, csv, 'text/csv;charset=utf-8');
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
