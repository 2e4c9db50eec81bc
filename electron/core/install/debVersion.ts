/**
 * Debian version order (deb-version(7)), as `dpkg --compare-versions` decides it: epoch, then the
 * upstream version, then the revision, each compared in runs of non-digits (letters before other
 * characters, `~` before everything, even the end) and numbers. The workstation may not have dpkg.
 */

function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[0-9]/.test(c)) return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function compareParts(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // The non-digit run, character by character.
    while ((i < a.length && !/[0-9]/.test(a[i]!)) || (j < b.length && !/[0-9]/.test(b[j]!))) {
      const ac = i < a.length && !/[0-9]/.test(a[i]!) ? a[i] : undefined;
      const bc = j < b.length && !/[0-9]/.test(b[j]!) ? b[j] : undefined;
      const d = order(ac) - order(bc);
      if (d !== 0) return Math.sign(d);
      if (ac !== undefined) i++;
      if (bc !== undefined) j++;
    }
    // The digit run, as a number (leading zeros do not count).
    let an = '';
    let bn = '';
    while (i < a.length && /[0-9]/.test(a[i]!)) an += a[i++];
    while (j < b.length && /[0-9]/.test(b[j]!)) bn += b[j++];
    an = an.replace(/^0+/, '');
    bn = bn.replace(/^0+/, '');
    if (an.length !== bn.length) return Math.sign(an.length - bn.length);
    if (an !== bn) return an < bn ? -1 : 1;
  }
  return 0;
}

function split(v: string): { epoch: number; upstream: string; revision: string } {
  const colon = v.indexOf(':');
  const epoch = colon >= 0 ? Number(v.slice(0, colon)) || 0 : 0;
  const rest = colon >= 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash >= 0 ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) } : { epoch, upstream: rest, revision: '' };
}

/** Negative when a is older than b, 0 when equal, positive when newer. */
export function compareDebVersions(a: string, b: string): number {
  const x = split(a.trim());
  const y = split(b.trim());
  if (x.epoch !== y.epoch) return Math.sign(x.epoch - y.epoch);
  return compareParts(x.upstream, y.upstream) || compareParts(x.revision, y.revision);
}
