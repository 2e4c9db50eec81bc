/**
 * File names for exports that every file system takes: Windows refuses < > : " / \ | ? * and
 * control characters, drops trailing dots and spaces, reserves device names (CON, NUL, COM1…,
 * also before an extension: "con.txt"), and NTFS, ext4 and APFS stop at 255 units or bytes. Letters
 * and digits of any script stay, so a server named 华东-1 still names its files.
 */

/** Windows device names; the part of a name before its first dot must not be one of these. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/** Room for the stamp and extension within 255 bytes of UTF-8, with a margin for "(1)" copies. */
const MAX_NAME_BYTES = 200;

const utf8 = new TextEncoder();

/** The text as a file name part: runs of anything but letters, digits, "." and "_" become "-". */
export function fileNamePart(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** Cuts whole code points (never half a surrogate pair) until the UTF-8 form fits. */
function cutToBytes(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = utf8.encode(ch).length;
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out.replace(/[-.]+$/, '');
}

/**
 * `stem` (already joined from its parts) plus `suffix` (a stamp and extension such as
 * "-2026-12-05.csv", kept whole); `fallback` names an empty stem.
 */
export function safeFileName(stem: string, suffix: string, fallback: string): string {
  let base = fileNamePart(stem) || fallback;
  base = cutToBytes(base, MAX_NAME_BYTES - utf8.encode(suffix).length) || fallback;
  const name = `${base}${suffix}`;
  const device = name.split('.')[0] ?? '';
  return RESERVED.test(device) ? `${device}_${name.slice(device.length)}` : name;
}
