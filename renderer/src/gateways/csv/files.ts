import { safeFileName } from './fileNames';
import { decodeText } from './textEncoding';

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

/** A chosen file's text, decoded by what its bytes say (see decodeText). */
export async function readTextFile(file: Blob): Promise<string> {
  return decodeText(new Uint8Array(await file.arrayBuffer()));
}

/** "sandbox-routing-gateways-2025-01-31.csv": safe on every file system (see safeFileName). */
export function csvFileName(stem: string, now: Date): string {
  return safeFileName(stem, `-${now.toISOString().slice(0, 10)}.csv`, 'gateways');
}
