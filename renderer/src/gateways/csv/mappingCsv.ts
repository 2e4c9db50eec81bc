import { MappingAuthModeSchema, MappingGatewaySchema, type MappingGateway } from '@shared/model/mappingGateway';
import { formatDialPlan, formatHostPort, formatInt, parseDialPlan, parseHostPort, parseItems, parseOptionalInt, splitList } from './cells';
import { boolColumn, DIAL_HELP, enumColumn, nameColumn, passwordColumn, textColumn, type CsvColumn } from './columns';
import type { GatewayCsvFormat } from './format';

type G = MappingGateway;

/** Mapping gateways (where calls enter the switch), one per row. */
export const MAPPING_COLUMNS: readonly CsvColumn<G>[] = [
  nameColumn<G>(),
  boolColumn<G>('enabled', ['enabled'], (g) => g.enabled, 'Whether calls from this customer are accepted.'),
  enumColumn<G>('authMode', ['authMode'], MappingAuthModeSchema.options, (g) => g.authMode, 'How calls are recognised: by source IP, IP and port, or SIP password.'),
  {
    header: 'ips', aliases: ['sourceAddresses'], path: ['ips'],
    help: 'Source addresses ip or ip:port (ipPort authentication) separated by spaces; IPv6 with a port as [addr]:port.',
    format: (g) => g.ips.map((a) => formatHostPort(a.ip, a.port)).join(' '),
    parse: (c) => parseItems(splitList(c), (item) => {
      const { host, port } = parseHostPort(item);
      return { ip: host, port };
    }),
  },
  textColumn<G>('username', ['username'], (g) => g.username, 'SIP user name (password authentication).'),
  passwordColumn<G>('password', ['password'], 'SIP password (password authentication).'),
  { header: 'capacity', aliases: ['maxConcurrentCalls'], path: ['maxConcurrentCalls'], help: 'Maximum concurrent calls; empty = no limit.', format: (g) => formatInt(g.maxConcurrentCalls), parse: parseOptionalInt },
  { header: 'cps', aliases: ['cpsLimit'], path: ['cpsLimit'], help: 'New calls per second; empty = no limit.', format: (g) => formatInt(g.cpsLimit), parse: parseOptionalInt },
  { header: 'maxCallDuration', aliases: ['maxCallDurationSec'], path: ['maxCallDurationSec'], help: 'Longest call in seconds; empty = SS_MAX_CALL_DURATION.', format: (g) => formatInt(g.maxCallDurationSec), parse: parseOptionalInt },
  boolColumn<G>('supportPrivacy', ['supportPrivacy'], (g) => g.supportPrivacy, 'Pass the caller’s Privacy header through.'),
  { header: 'onlineCheckInterval', aliases: ['onlineCheckIntervalSec'], path: ['onlineCheckIntervalSec'], help: 'Seconds between SIP OPTIONS checks; empty = no checks.', format: (g) => formatInt(g.onlineCheckIntervalSec), parse: parseOptionalInt },
  {
    header: 'allowedRoutingGateways', path: ['allowedRoutingGateways'],
    help: '"*" = all routing gateways, otherwise names separated by spaces; empty = none.',
    format: (g) => (g.allowedRoutingGateways === 'all' ? '*' : g.allowedRoutingGateways.join(' ')),
    parse: (c) => (c.trim() === '*' ? 'all' : splitList(c)),
  },
  { header: 'callerDialPlan', path: ['callerDialPlan'], help: `Caller number rewrite. ${DIAL_HELP}`, format: (g) => formatDialPlan(g.callerDialPlan), parse: parseDialPlan },
  { header: 'calleeDialPlan', path: ['calleeDialPlan'], help: `Called number rewrite. ${DIAL_HELP}`, format: (g) => formatDialPlan(g.calleeDialPlan), parse: parseDialPlan },
  textColumn<G>('notes', ['notes'], (g) => g.notes, 'Free text, kept exactly.', false),
];

export const MAPPING_CSV: GatewayCsvFormat<G> = { collection: 'mappingGateways', columns: MAPPING_COLUMNS, schema: MappingGatewaySchema };
