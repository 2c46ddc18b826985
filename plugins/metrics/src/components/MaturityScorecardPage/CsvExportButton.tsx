import Button from '@material-ui/core/Button';
import GetApp from '@material-ui/icons/GetApp';

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

/** Downloads the CSV that `build` returns when clicked; disabled when there is nothing to export. */
export function CsvExportButton(props: {
  disabled: boolean;
  build: () => { fileName: string; csv: string };
}) {
  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<GetApp />}
      disabled={props.disabled}
      onClick={() => {
        const { fileName, csv } = props.build();
        downloadFile(fileName, csv, 'text/csv;charset=utf-8');
      }}
    >
      Export CSV
    </Button>
  );
}
