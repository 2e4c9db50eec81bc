import { GatewayPrivacySchema, IdentityHeaderModeSchema, PrefixModeSchema, RoutingGatewaySchema, type RoutingGateway } from '@shared/model/routingGateway';
import { formatAddress, formatBool, formatDialPlan, formatInheritBool, formatInt, parseAddress, parseBool, parseDialPlan, parseInheritBool, parseInt10, parseIntList, parseItems, parseOptionalInt, splitList } from './cells';
import { boolColumn, DIAL_HELP, enumColumn, listColumn, nameColumn, passwordColumn, textColumn, type CsvColumn } from './columns';
import type { GatewayCsvFormat } from './format';

type G = RoutingGateway;

/** Routing gateways (where calls leave the switch), one per row, in the order of the VOS3000 dialog. */
export const ROUTING_COLUMNS: readonly CsvColumn<G>[] = [
  nameColumn<G>(),
  boolColumn<G>('enabled', ['enabled'], (g) => g.enabled, 'Whether calls are sent to the gateway.'),
  listColumn<G>('prefixes', ['prefixes'], (g) => g.prefixes, 'Called-number prefixes, e.g. "0086 0085".'),
  enumColumn<G>('prefixMode', ['prefixMode'], PrefixModeSchema.options, (g) => g.prefixMode, 'allow = only the prefixes, deny = all except them.'),
  { header: 'priority', path: ['priority'], help: 'Whole number 0–1000, lower is tried first; empty = 0.', format: (g) => String(g.priority), parse: (c) => (c.trim() === '' ? undefined : parseInt10(c)) },
  {
    header: 'addresses', path: ['addresses'],
    help: 'host:port/transport separated by spaces; the port defaults to 5060 and the transport (udp, tcp, tls) to udp; IPv6 as [addr]:port/udp.',
    format: (g) => g.addresses.map(formatAddress).join(' '),
    parse: (c) => parseItems(splitList(c), parseAddress),
  },
  { header: 'capacity', aliases: ['maxConcurrentCalls'], path: ['maxConcurrentCalls'], help: 'Maximum concurrent calls; empty = no limit.', format: (g) => formatInt(g.maxConcurrentCalls), parse: parseOptionalInt },
  { header: 'cps', aliases: ['cpsLimit'], path: ['cpsLimit'], help: 'New calls per second; empty = no limit.', format: (g) => formatInt(g.cpsLimit), parse: parseOptionalInt },
  { header: 'inviteTimeout', path: ['inviteTimeout'], help: 'SS_SIP_TIMEOUT_INVITE for this gateway; empty = system value.', format: (g) => formatInt(g.inviteTimeout), parse: parseOptionalInt },
  { header: 'stopAfterInviteTimeout', aliases: ['stopSwitchAfterInviteTimeout'], path: ['stopSwitchAfterInviteTimeout'], help: 'yes/no; empty = system value.', format: (g) => formatInheritBool(g.stopSwitchAfterInviteTimeout), parse: parseInheritBool },
  { header: 'stopAfterSdp', aliases: ['stopSwitchAfterSdp'], path: ['stopSwitchAfterSdp'], help: 'yes/no; empty = system value.', format: (g) => formatInheritBool(g.stopSwitchAfterSdp), parse: parseInheritBool },
  { header: 'stopCodes', aliases: ['stopSwitchCodes'], path: ['stopSwitchCodes'], help: 'SIP final codes 300–699 that end gateway switching, separated by spaces.', format: (g) => g.stopSwitchCodes.join(' '), parse: parseIntList },
  {
    header: 'mediaEncryption', path: ['mediaEncryption'],
    help: 'Media towards the gateway: none (plain RTP), sdes (SRTP with SDES keys) or dtls (DTLS-SRTP); empty = none.',
    format: (g) => g.mediaEncryption ?? 'none',
    // none is stored as absent, as the dialog stores it, so an exported table imports unchanged.
    parse: (c) => {
      const s = c.trim().toLowerCase();
      return s === '' || s === 'none' ? undefined : s;
    },
  },
  {
    header: 'optionsProbe', path: ['optionsProbe'],
    help: 'yes/no: check each address with SIP OPTIONS and skip one that stops answering; empty = no.',
    format: (g) => formatBool(g.optionsProbe ?? false),
    // Off is stored as absent, as the dialog stores it, so an exported table imports unchanged.
    parse: (c) => (c.trim() === '' || !parseBool(c) ? undefined : true),
  },
  boolColumn<G>('allowPublish', ['allowPublish'], (g) => g.allowPublish, 'Allow PUBLISH.'),
  enumColumn<G>('privacy', ['privacy'], GatewayPrivacySchema.options, (g) => g.privacy, 'Privacy header.'),
  enumColumn<G>('pPreferredIdentity', ['pPreferredIdentity'], IdentityHeaderModeSchema.options, (g) => g.pPreferredIdentity, 'P-Preferred-Identity.'),
  enumColumn<G>('pAssertedIdentity', ['pAssertedIdentity'], IdentityHeaderModeSchema.options, (g) => g.pAssertedIdentity, 'P-Asserted-Identity.'),
  { header: 'callerDialPlan', path: ['callerDialPlan'], help: `Caller number rewrite. ${DIAL_HELP}`, format: (g) => formatDialPlan(g.callerDialPlan), parse: parseDialPlan },
  { header: 'calleeDialPlan', path: ['calleeDialPlan'], help: `Called number rewrite. ${DIAL_HELP}`, format: (g) => formatDialPlan(g.calleeDialPlan), parse: parseDialPlan },
  boolColumn<G>('registration', ['registration', 'enabled'], (g) => g.registration.enabled, 'Register to this gateway.'),
  textColumn<G>('registrationUser', ['registration', 'username'], (g) => g.registration.username, 'User name for the outbound registration.'),
  passwordColumn<G>('registrationPassword', ['registration', 'password'], 'Password for the outbound registration.'),
  textColumn<G>('registrationRealm', ['registration', 'realm'], (g) => g.registration.realm, 'Realm; empty = from the challenge.'),
  { header: 'registrationExpiry', path: ['registration', 'expirySec'], help: 'Seconds 60–86400; empty = SS_SIP_USER_AGENT_EXPIRE.', format: (g) => formatInt(g.registration.expirySec), parse: parseOptionalInt },
  textColumn<G>('notes', ['notes'], (g) => g.notes, 'Free text, kept exactly.', false),
];

export const ROUTING_CSV: GatewayCsvFormat<G> = { collection: 'routingGateways', columns: ROUTING_COLUMNS, schema: RoutingGatewaySchema };
