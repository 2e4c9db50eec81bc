// Outbound registration (the switch registering to carriers) with the uac module's uacreg: the
// agent hands it the records over the control FIFO (uac.reg_add; uacreg needs a reg_db_url, whose
// table the agent keeps empty so no password is in a file), and it sends REGISTER from the first UDP SIP address (else the first one) with Contact sip:<gateway>@<that address>,
// answers the registrar's digest challenge and refreshes before the granted expiry. What the rows
// hold and how retries and unregistrations are driven: uacReg.ts and ../uacRegistrar.ts.
import { checkInt, checkIPv4 } from './validate';
import type { ListenAddress } from './cfgListen';
import { UACREG_FALLBACK_RETRY_SEC, UACREG_TIMER_SEC } from './uacReg';

/** The uac module is loaded for identity work already (cfgIdentity.ts); these are its uacreg settings. */
export function renderUacRegModule(contact: ListenAddress, dbUrl: string): string {
  const addr = `${checkIPv4('listen.address', contact.address)}:${checkInt('listen.port', contact.port, 1, 65535)}`;
  return `
# Outbound registrations (cfgUacReg.ts): records added by the agent with uac.reg_add; the table stays empty.
modparam("uac", "reg_db_url", "${dbUrl}")
modparam("uac", "reg_contact_addr", "${addr}")
modparam("uac", "default_socket", "${contact.transport ?? 'udp'}:${addr}")
# Walk the records every second: refreshes go out ${UACREG_TIMER_SEC + 3} s before the granted expiry.
modparam("uac", "reg_timer_interval", ${UACREG_TIMER_SEC})
# A fallback only: the agent re-enables a failed registration after SS_SIP_USER_AGENT_RETRY_DELAY.
modparam("uac", "reg_retry_interval", ${UACREG_FALLBACK_RETRY_SEC})
modparam("uac", "reg_keep_callid", 1)
`;
}
