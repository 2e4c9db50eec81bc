/**
 * Decoding a text file a spreadsheet wrote. Excel's "CSV UTF-8" starts with a UTF-8 byte order
 * mark; its "Unicode Text" is UTF-16LE with a BOM (tab-separated); its plain "CSV" is the ANSI code
 * page, Windows-1252 in western locales. The BOM decides; without one, valid UTF-8 is UTF-8 and
 * anything else is read as Windows-1252. The BOM itself is never part of the result.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

