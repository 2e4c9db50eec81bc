// The siptrace part of kamailio.cfg: Kamailio mirrors every SIP message it receives or sends
// (including requests it rejects or drops and replies it generates) as HEPv3 to the agent's
// loopback listener, through core events (trace_mode 1), so no route needs sip_trace().
// Rendered with tracing off: `siptrace.status on` at run time starts it when a trace session
// needs it, so there is no capture cost otherwise. HEP leaves from the SIP socket (ENGINE-NOTES).
import { checkInt } from './validate';

export interface KamailioTraceSettings {
  /** The agent's HEP listener; loopback only. */
  hepAddress: string;
  hepPort: number;
}

export function renderTraceModule(t: KamailioTraceSettings | undefined): string {
  if (!t) return '';
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(t.hepAddress)) throw new Error(`trace.hepAddress: must be an IPv4 loopback address, got "${t.hepAddress}"`);
  const port = checkInt('trace.hepPort', t.hepPort, 1, 65535);
  return `
# Debug trace: HEPv3 to the agent on loopback, off until siptrace.status on.
loadmodule "siptrace.so"
modparam("siptrace", "trace_on", 0)
modparam("siptrace", "trace_init_mode", 1)
modparam("siptrace", "trace_mode", 1)
modparam("siptrace", "trace_to_database", 0)
modparam("siptrace", "hep_mode_on", 1)
modparam("siptrace", "hep_version", 3)
modparam("siptrace", "duplicate_uri", "sip:${t.hepAddress}:${port}")
`;
}
