/**
 * Saves text through the browser's download path: an object URL on an <a download>. The page's
 * CSP does not govern downloads, and Electron shows its save dialog for them.
 */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** The same download path for any content (a chart's PNG). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some engines start reading the URL only after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** UTF-8 when the bytes are valid UTF-8; otherwise Windows-1252, which is what Excel's plain "CSV" writes in western locales. */
export async function readTextFile(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** "sandbox-routing-gateways-2025-01-31.csv": safe on every file system. */
export function csvFileName(stem: string, now: Date): string {
  const safe = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'gateways';
  return `${safe}-${now.toISOString().slice(0, 10)}.csv`;
}
