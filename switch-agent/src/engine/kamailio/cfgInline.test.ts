import { describe, expect, it } from 'vitest';
import { INLINED, inlineRoutes } from './cfgInline';
import { renderCfgSource, renderKamailioCfg } from './renderCfg';
import { UNIT_KAMAILIO_SETTINGS } from '../../../../test/doubles/agent/kamailioSettings';

const cfg = `request_route {
	route(STAMP);
	if (is_method("INVITE")) {
		route(STAMP);
	}
}

# Stamps the request.
route[STAMP] {
	$var(t) = $Ts;
#!ifdef SD_STREAMS
	$var(p) = $pr;
#!endif
}

route[OTHER] {
	return;
}
`;

describe('inlineRoutes', () => {
  it('copies a route with its comment into each call, indented as the call, and drops its definition', () => {
    expect(inlineRoutes(cfg, ['STAMP'])).toBe(`request_route {
	# Stamps the request.
	$var(t) = $Ts;
#!ifdef SD_STREAMS
	$var(p) = $pr;
#!endif
	if (is_method("INVITE")) {
		# Stamps the request.
		$var(t) = $Ts;
#!ifdef SD_STREAMS
		$var(p) = $pr;
#!endif
	}
}

route[OTHER] {
	return;
}
`);
  });

  it('refuses a route whose meaning would change, or a call it cannot replace', () => {
    expect(() => inlineRoutes(`${cfg}route[R] {\n\troute(OTHER);\n}\n`, ['OTHER'])).toThrow('route[OTHER] has "return;": only a route that runs to its end can be copied');
    expect(() => inlineRoutes('request_route {\n\troute(X);\n}\n\nroute[X] {\n\tif ($rU == "") {\n\t\texit;\n\t}\n}\n', ['X'])).toThrow(/route\[X\] has "exit;"/);
    expect(() => inlineRoutes('request_route {\n\troute(X);\n}\n\nroute[X] {\n\tdrop;\n}\n', ['X'])).toThrow(/route\[X\] has "drop;"/);
    expect(() => inlineRoutes('request_route {\n\troute(X);\n}\n\nroute[X] {\n\troute(X);\n}\n', ['X'])).toThrow('route[X] calls itself');
    expect(() => inlineRoutes('request_route {\n\tif (a) { route(X); }\n}\n\nroute[X] {\n\t$var(a) = 1;\n}\n', ['X'])).toThrow('route(X) must be called on a line of its own');
    expect(() => inlineRoutes(cfg, ['NONE'])).toThrow('route[NONE] must be defined once');
    expect(() => inlineRoutes('request_route {\n}\n\nroute[X] {\n\t$var(a) = 1;\n}\n', ['X'])).toThrow('route(X) is called nowhere');
  });
});

describe('the rendered cfg', () => {
  const settings = UNIT_KAMAILIO_SETTINGS;

  it('runs no route() hop for the inlined routes, and does their work where they were called', () => {
    const source = renderCfgSource(settings);
    const engine = renderKamailioCfg(settings);
    for (const name of INLINED) {
      expect(source, name).toContain(`route[${name}] {`);
      expect(engine, name).not.toContain(`route[${name}]`);
      expect(engine, name).not.toContain(`route(${name});`);
    }
    // ATTEMPT_TIMERS had two callers (gateway and endpoint calls): its timers are set in both.
    const count = (text: string, s: string) => text.split(s).length - 1;
    expect(count(source, 'route(ATTEMPT_TIMERS);')).toBe(2);
    expect(count(engine, 't_set_retr("$var(t1)", "$var(t2)");')).toBe(2);
    // NAT detection runs at the same place of request_route, before CANCEL is handled.
    const main = engine.slice(engine.indexOf('request_route {'), engine.indexOf('\n}\n', engine.indexOf('request_route {')));
    expect(main.indexOf('nat_uac_test("19")')).toBeGreaterThan(main.indexOf('mf_process_maxfwd_header'));
    expect(main.indexOf('nat_uac_test("19")')).toBeLessThan(main.indexOf('is_method("CANCEL")'));
  });
});
