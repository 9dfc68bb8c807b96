/**
 * Hands a text file to the browser's download (a temporary link clicked for the user). CSV gets a
 * byte-order mark, so spreadsheets read it as UTF-8.
 */
export function downloadText(filename: string, content: string, type: 'text/csv' | 'application/json' | 'text/markdown'): void {
  const body = type === 'text/csv' ? `\ufeff${content}` : content;
  const url = URL.createObjectURL(new Blob([body], { type: type === 'text/csv' ? 'text/csv;charset=utf-8' : type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // Revoked later, not at once: the download may start after this task.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
