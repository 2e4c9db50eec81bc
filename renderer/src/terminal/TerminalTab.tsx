import { useEffect, useRef, useState } from 'react';
import { Callout, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { useHost } from '../host/HostContext';
import { terminalAcker } from '../host/flowAcks';
import { useServers } from '../servers/ServersContext';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';

/** An interactive shell on the server; it follows the tab's size and closes with the tab. */
export function TerminalTab({ serverId, active }: { serverId: string; active: boolean }) {
  const { t } = useTranslation();
  const host = useHost();
  const { byId } = useServers();
  const box = useRef<HTMLDivElement>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const [error, setError] = useState<PlainFailure | null>(null);
  const [ended, setEnded] = useState<string | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const term = new Terminal({ fontSize: 13, cursorBlink: true, scrollback: 5000, fontFamily: 'ui-monospace, "Cascadia Mono", Menlo, monospace' });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    fitRef.current = fit;
    try { fit.fit(); } catch { /* not laid out yet; the observer fits later */ }
    let id: string | null = null;
    let closed = false;
    let opening = true;
    const offs: (() => void)[] = [];

    // Output is acked once xterm has drawn it: the host pauses the SSH channel while too much is undrawn.
    const ack = terminalAcker(host);
    const show = (terminalId: string, data: string) => term.write(data, () => ack(terminalId, data.length));
    // Output can arrive before 'terminal.open' answers with the id: it is held until then.
    const early: { terminalId: string; data: string }[] = [];
    offs.push(host.on('terminal.data', (p) => {
      if (p.terminalId === id) show(p.terminalId, p.data);
      else if (opening) early.push(p);
    }));
    offs.push(host.on('terminal.exit', (p) => {
      if (p.terminalId !== id) return;
      setEnded(p.signal ? t('terminal.endedSignal', { signal: p.signal }) : t('terminal.ended', { code: p.code ?? '?' }));
      id = null;
    }));
    const input = term.onData((data) => { if (id) void host.call('terminal.write', { terminalId: id, data }).catch(() => undefined); });
    const resized = term.onResize(({ cols, rows }) => { if (id) void host.call('terminal.resize', { terminalId: id, cols, rows }).catch(() => undefined); });
    const observer = new ResizeObserver(() => {
      // A hidden tab measures 0×0; fitting then would shrink the remote window to nothing.
      if (el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
    });
    observer.observe(el);

    host.call('terminal.open', { serverId, cols: Math.max(term.cols, 20), rows: Math.max(term.rows, 5) }).then(
      (r) => {
        opening = false;
        if (closed) { void host.call('terminal.close', { terminalId: r.terminalId }).catch(() => undefined); return; }
        id = r.terminalId;
        for (const p of early.splice(0)) if (p.terminalId === id) show(p.terminalId, p.data);
        term.focus();
      },
      (e: unknown) => {
        opening = false;
        early.length = 0;
        setError(plainFailure(t, e, 'change'));
      },
    );

    return () => {
      closed = true;
      observer.disconnect();
      input.dispose();
      resized.dispose();
      for (const off of offs) off();
      if (id) void host.call('terminal.close', { terminalId: id }).catch(() => undefined);
      term.dispose();
      fitRef.current = null;
    };
  }, [host, serverId, t]);

  useEffect(() => {
    if (active && box.current && box.current.clientWidth > 0) fitRef.current?.fit();
  }, [active]);

  return (
    <div className="terminal-page">
      {error && <Callout intent={Intent.DANGER} title={t('terminal.openFailed')}><FailureNote failure={error} /></Callout>}
      {ended && <Callout intent={Intent.NONE} icon="console">{ended}</Callout>}
      <div className="terminal-box" ref={box} role="region" aria-label={t('terminal.label', { name: byId(serverId)?.name ?? serverId })} />
    </div>
  );
}
