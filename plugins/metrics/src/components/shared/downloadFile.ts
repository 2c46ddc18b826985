/**
 * Saves text as a file through a temporary object URL. `byteOrderMark` makes spreadsheet
 * programs read a CSV as UTF-8; leave it off for files programs parse (YAML).
 */
export function downloadFile(
  fileName: string,
  text: string,
  type: string,
  options: { byteOrderMark?: boolean } = {},
) {
  const parts = options.byteOrderMark ? ['\uFEFF', text] : [text];
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
