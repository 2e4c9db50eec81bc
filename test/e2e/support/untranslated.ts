// Finds visible text that bypassed the translation layer: with the window in Chinese, every text node
// and every title/placeholder/aria-label a user can see or hear is collected, and whatever still holds
// an English word after the allowed tokens are taken out is reported with where it was found.
import type { Page } from 'playwright-core';

export interface ShownText {
  readonly text: string;
  /** Where it is: the element's tag, role/label/class, e.g. `button[aria-label] in dialog "添加服务器"`. */
  readonly where: string;
}

/**
 * Everything visible in the window, except what is marked on purpose (on the element or an ancestor):
 * `lang="en"` for English prose that stays English (developer details such as proving tests, the agent's own messages),
 * `translate="no"` for names and codes that are not words of any language (rule ids, metric names,
 * commands). Runs in the page.
 */
export function collectShownText(page: Page): Promise<ShownText[]> {
  return page.evaluate(() => {
    const out: { text: string; where: string }[] = [];
    // lang="en": English prose kept on purpose; translate="no": names and codes (rule ids, metric names, commands).
    const englishOnPurpose = (el: Element) => (el.closest('[lang]')?.getAttribute('lang') ?? '').toLowerCase().startsWith('en') || el.closest('[translate="no"]') !== null;
    const seen = (el: Element) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const describe = (el: Element) => {
      const own = `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/).filter((c) => !c.startsWith('bp6-') && !c.startsWith('bp5-')).slice(0, 2).join('.')}` : ''}`;
      const box = el.closest('[role=dialog],[role=tabpanel],[role=menu],[role=navigation],[role=contentinfo],[role=tablist]');
      const boxName = box ? `${box.getAttribute('role')} "${(box.getAttribute('aria-label') ?? '').slice(0, 40)}"` : 'window';
      return `${own} in ${boxName}`;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = (n.textContent ?? '').trim();
      if (!el || !text || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
      // The xterm screen is the remote shell's own output, not the interface's text.
      if (el.closest('.xterm-screen, .xterm-helpers, .xterm-accessibility')) continue;
      if (!seen(el) || englishOnPurpose(el)) continue;
      out.push({ text, where: describe(el) });
    }
    for (const el of Array.from(document.body.querySelectorAll('[title],[placeholder],[aria-label],[aria-description],[alt]'))) {
      if (!seen(el) || englishOnPurpose(el) || el.closest('.xterm-screen, .xterm-helpers')) continue;
      for (const attr of ['title', 'placeholder', 'aria-label', 'aria-description', 'alt']) {
        const v = el.getAttribute(attr)?.trim();
        if (v) out.push({ text: v, where: `${describe(el)} @${attr}` });
      }
    }
    return out;
  });
}

/**
 * Latin-script words that may stay in a Chinese window, each for a reason a translator would accept:
 * product and engine names, protocol and transport names, units, keys as printed on a keyboard, and
 * codes the switch itself uses. Parameter names (SS_…), addresses and user data are matched by
 * pattern or given by the test (the names it created), never listed here.
 */
export const ALLOWED_WORDS: ReadonlySet<string> = new Set([
  // Products and engines.
  'Switchdeck', 'Kamailio', 'kamailio', 'rtpengine', 'switch-agent', 'VOS3000', 'SQLite', 'Debian', 'OpenSSH', 'Chromium', 'sudo', 'systemd',
  // Protocols, transports, formats.
  'SIP', 'SDP', 'RTP', 'RTCP', 'SRTP', 'UDP', 'TCP', 'TLS', 'WS', 'WSS', 'SSH', 'IP', 'IPv4', 'IPv6', 'DNS', 'NAT', 'CSV', 'JSON', 'pcap', 'PNG', 'HTTP', 'HTTPS', 'ICMP', 'DTMF', 'URI', 'ID', 'CPU', 'RAM', 'CDR', 'CPS', 'ACD', 'ASR', 'PDD', 'MOS', 'ASN', 'CIDR',
  'PEM', 'udp', 'tcp', 'tls', 'ws', 'wss', 'sip', 'sips',
  // SIP header names as they appear in messages.
  'Call-ID', 'Contact', 'User-Agent', 'AOR', 'From', 'To', 'Via', 'CSeq',
  'nftables', 'iptables', 'SHA256', 'MD5', 'ed25519', 'rsa', 'ecdsa', 'RSA', 'ECDSA', 'Ed25519',
  // SIP methods and codecs as they appear on the wire.
  'INVITE', 'REGISTER', 'BYE', 'ACK', 'CANCEL', 'OPTIONS', 'PRACK', 'UPDATE', 'INFO', 'NOTIFY', 'SUBSCRIBE', 'REFER', 'MESSAGE', 'PUBLISH', 'PCMU', 'PCMA', 'G729', 'G722', 'opus', 'telephone', 'event',
  // Units.
  'rx', 'tx', 'ms', 's', 'min', 'h', 'KB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'kbit', 'Mbit', 'bps', 'kbps', 'Mbps', 'pps', 'Hz',
  // Keys as printed on the keyboard.
  'Ctrl', 'Shift', 'Alt', 'Esc', 'Enter', 'Tab', 'Delete', 'Del', 'Space', 'Home', 'End', 'Page', 'Up', 'Down', 'PgUp', 'PgDn', 'F1', 'F2', 'F10', 'Cmd',
]);

/** Patterns that are data, not prose: parameter names, addresses, fingerprints, paths, times, hex ids. */
const DATA_PATTERNS: readonly RegExp[] = [
  /\bSS_[A-Z0-9_]+\b/g,
  /\bSHA256:[A-Za-z0-9+/=]+/g,
  /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/g,
  /\bUTC([+-]\d{1,2}(:\d{2})?)?\b/g,
  /(^|\s)\/[\w./+-]+/g,
  /\b[0-9a-f]{8,}\b/gi,
  /\[?[0-9a-f]*:[0-9a-f:]+\]?/gi,
  /\b\d+(\.\d+){3}(\/\d+)?(:\d+)?\b/g,
  /\b[A-Z][a-z]+\/[A-Z][A-Za-z_]+\b/g, // IANA time zones such as Asia/Shanghai
  /\bssh-[a-z0-9-]+|\becdsa-sha2-[a-z0-9]+/g, // host key types
  /-----(BEGIN|END) [A-Z ]+-----/g, // PEM armour lines
  /\b[1-6]xx\b/g, // SIP response classes
  /\b[a-z]+(\.[a-zA-Z_{}]+)+/g, // dotted setting and series names (engine.sipPort, gw.routing.{name}.asr)
  /\{name\}/g, // the slot of a series pattern
];

export interface Leftover extends ShownText {
  readonly words: readonly string[];
}

/** The texts that still hold English words once user data, data patterns and allowed words are removed. */
export function englishLeftovers(shown: readonly ShownText[], userData: readonly string[]): Leftover[] {
  const byLength = [...userData].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const out: Leftover[] = [];
  const reported = new Set<string>();
  for (const s of shown) {
    // A text behind an open dialog is seen again on every screen; report each text and place once.
    if (reported.has(`${s.text}\u0000${s.where}`)) continue;
    reported.add(`${s.text}\u0000${s.where}`);
    let rest = s.text.replace(/\u200b/g, '');
    for (const d of byLength) rest = rest.split(d).join(' ');
    for (const p of DATA_PATTERNS) rest = rest.replace(p, ' ');
    const words = (rest.match(/[A-Za-z][A-Za-z0-9'’-]*/g) ?? []).filter((w) => !ALLOWED_WORDS.has(w) && !/^[A-Z]$/.test(w));
    if (words.length > 0) out.push({ ...s, words });
  }
  return out;
}
