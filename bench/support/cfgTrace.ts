// Kamailio's debugger cfgtrace for bench/cfgActions.bench.ts: a cfg patched to log every executed
// action, and the count of those lines by SIP message and by route.

/**
 * `cfg` with the debugger's cfgtrace on (logged at L_ERR, so any debug level writes it) and a
 * log_prefix naming the message each line belongs to: "req INVITE", "rep 180 INVITE" (a reply's
 * method is its CSeq's). The cfg's own log_prefix, if any, is replaced.
 */
export function traced(cfg: string): string {
  const noPrefix = cfg.replace(/^log_prefix=.*$/m, '');
  const at = noPrefix.search(/^loadmodule "/m);
  if (at < 0) throw new Error('cfg trace: no loadmodule line to put the debugger before');
  const head = 'log_prefix="{SDMSG $mt $rs $(hdr(CSeq){s.select,1, }) SDEND} "\n'
    + 'loadmodule "debugger.so"\nmodparam("debugger", "cfgtrace", 1)\nmodparam("debugger", "log_level", -1)\n';
  return noPrefix.slice(0, at) + head + noPrefix.slice(at);
}

export interface ActionCount {
  total: number;
  /** Actions by "req METHOD" / "rep STATUS METHOD". */
  actionsByMessage: Map<string, number>;
  /** Messages seen, by the same key. */
  perMessage: Map<string, number>;
  /** Actions by "<route type>=[NAME]". */
  byRoute: Map<string, number>;
  /** Actions of processes other than `pids` (rtimer routes, per tick), by route. */
  timers: Map<string, number>;
}

const LINE = /^\s*\d+\((\d+)\) \w+: (?:\{SDMSG (\d) (\S*) ?(\S*) SDEND\} )?\*\*\* cfgtrace:\S* (\w+=\[[^\]]*\]) c=\[[^\]]*\] l=\d+ a=\d+ n=\S+/;

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** Counts the cfgtrace lines of `log` written by the processes `pids` (the SIP receivers). */
export function countActions(log: string, pids: Set<string>): ActionCount {
  const c: ActionCount = { total: 0, actionsByMessage: new Map(), perMessage: new Map(), byRoute: new Map(), timers: new Map() };
  const current = new Map<string, string>();
  for (const line of log.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, pid, mt, rs, method, route] = m as unknown as [string, string, string | undefined, string, string, string];
    if (!pids.has(pid)) {
      bump(c.timers, route);
      continue;
    }
    const msg = mt === '1' ? `req ${method}` : mt === '2' ? `rep ${rs} ${method}` : 'none';
    // One receiver handles one message at a time: a new key is a new message (a message's core
    // and tm reply routes share its key; one call's messages all differ from the one before).
    if (current.get(pid) !== msg) bump(c.perMessage, msg);
    current.set(pid, msg);
    c.total++;
    bump(c.actionsByMessage, msg);
    bump(c.byRoute, route);
  }
  return c;
}
