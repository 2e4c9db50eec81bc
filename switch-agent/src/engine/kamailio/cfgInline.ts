// Render-time inlining of small routes into their callers. The cfg is written as named routes so
// each piece lives with its own file, comments and tests; Kamailio pays for every route() hop on
// every message (an action for the call and the route's own run), and some of these run for every
// request. The routes named in INLINED are copied into each `route(NAME);` line and their own
// definitions dropped, so the engine runs the same actions without the hops.
//
// Only a route whose meaning cannot change by being copied is accepted: no `return` (it would
// leave the caller), no `exit` or `drop` (kept visible where they end the script), no route()
// call of itself, and each call on a line of its own. Anything else throws at render time, so a
// route edited into one of these shapes fails the unit tests instead of changing what a call does.

/** Routes copied into their callers (cfgRoutes.ts, cfgNat.ts, cfgAttempts.ts, …). */
export const INLINED = ['NAT_DETECT', 'ENDED_BY', 'CALL_UP', 'SESSION_ANSWER', 'ATTEMPT_START', 'ATTEMPT_TIMERS', 'GW_TRANSPORT', 'MEDIA_FLAGS'] as const;

/** The body lines of `route[name] { … }` and where the definition (with its comment lines above) starts and ends. */
function definition(cfg: string, name: string): { from: number; to: number; comment: string[]; body: string[] } {
  const head = `\nroute[${name}] {\n`;
  const at = cfg.indexOf(head);
  if (at < 0 || cfg.indexOf(head, at + 1) >= 0) throw new Error(`cfg inline: route[${name}] must be defined once`);
  const end = cfg.indexOf('\n}\n', at);
  // The comment lines right above the route go with it.
  let from = at;
  while (from > 0) {
    const prev = cfg.lastIndexOf('\n', from - 1);
    if (!cfg.slice(prev + 1, from).startsWith('#') || cfg.slice(prev + 1, from).startsWith('#!')) break;
    from = prev;
  }
  // From the start of its first line to past the line break after its closing brace.
  const comment = from < at ? cfg.slice(from + 1, at).split('\n') : [];
  return { from: from + 1, to: end + 3, comment, body: cfg.slice(at + head.length, end).split('\n') };
}

function check(name: string, body: readonly string[]): void {
  for (const line of body) {
    const code = line.trim();
    if (code.startsWith('#')) continue;
    if (/\b(return|exit|drop)\b/.test(code)) throw new Error(`cfg inline: route[${name}] has "${code}": only a route that runs to its end can be copied`);
    if (code.includes(`route(${name})`)) throw new Error(`cfg inline: route[${name}] calls itself`);
  }
}

/** `cfg` with each route of `names` copied into its callers and its definition removed. */
export function inlineRoutes(cfg: string, names: readonly string[] = INLINED): string {
  let out = cfg;
  for (const name of names) {
    const def = definition(out, name);
    check(name, def.body);
    const before = out.slice(0, def.from);
    const after = out.slice(def.to);
    // The blank line that set the route apart goes with it.
    out = before + (before.endsWith('\n\n') && after.startsWith('\n') ? after.slice(1) : after);
    const call = `route(${name});`;
    let sites = 0;
    out = out.split('\n').map((line) => {
      if (!line.includes(call)) return line;
      const indent = /^\t*/.exec(line)![0];
      if (line.trim() !== call) throw new Error(`cfg inline: route(${name}) must be called on a line of its own, not in "${line.trim()}"`);
      sites++;
      // The route's comment comes along, to say why at the call site; preprocessor lines stay at the
      // start of the line; the body's own tab becomes the caller's indent.
      return [...def.comment.map((l) => `${indent}${l}`), ...def.body.map((l) => (l.startsWith('#!') || l === '' ? l : `${indent}${l.replace(/^\t/, '')}`))].join('\n');
    }).join('\n');
    if (sites === 0) throw new Error(`cfg inline: route(${name}) is called nowhere`);
  }
  return out;
}
