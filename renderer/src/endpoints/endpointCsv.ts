import { checkEndpoints } from '@shared/config/validateEndpoints';
import { EndpointSchema, type Endpoint } from '@shared/model/endpoint';
import type { FieldError } from '@shared/model/fieldPath';
import { formatInt, parseOptionalInt, splitList } from '../gateways/csv/cells';
import { boolColumn, passwordColumn, textColumn, type CsvColumn } from '../gateways/csv/columns';
import type { GatewayCsvFormat } from '../gateways/csv/format';

type E = Endpoint;

/** Endpoints (devices that register), one per row. Passwords are never exported. */
export const ENDPOINT_COLUMNS: readonly CsvColumn<E>[] = [
  {
    header: 'name', aliases: ['account'], path: ['name'],
    help: 'The account the device registers with (the identity: a row updates the endpoint with this account or creates it).',
    format: (e) => e.name,
    parse: (cell) => cell.trim(),
  },
  boolColumn<E>('enabled', ['enabled'], (e) => e.enabled, 'Whether the endpoint may register and call.'),
  passwordColumn<E>('password', ['password'], 'The SIP password; required for a new endpoint.'),
  {
    header: 'allowedRoutingGateways', path: ['allowedRoutingGateways'],
    help: '"*" = all routing gateways, otherwise names separated by spaces; empty = none.',
    format: (e) => (e.allowedRoutingGateways === 'all' ? '*' : e.allowedRoutingGateways.join(' ')),
    parse: (c) => (c.trim() === '*' ? 'all' : splitList(c)),
  },
  // The rules below are optional fields: empty cells leave them absent, as the dialog does, so an exported table imports unchanged.
  {
    header: 'allowedCallerNumbers', aliases: ['callerNumbers'], path: ['allowedCallerNumbers'],
    help: 'Caller-number prefixes this endpoint may call with, separated by spaces; empty = any number.',
    format: (e) => (e.allowedCallerNumbers ?? []).join(' '),
    parse: (c) => {
      const list = splitList(c);
      return list.length > 0 ? list : undefined;
    },
  },
  {
    header: 'capacity', aliases: ['maxConcurrentCalls'], path: ['maxConcurrentCalls'], help: 'Maximum concurrent calls; empty = no limit.',
    format: (e) => formatInt(e.maxConcurrentCalls ?? null), parse: (c) => parseOptionalInt(c) ?? undefined,
  },
  {
    header: 'cps', aliases: ['cpsLimit'], path: ['cpsLimit'], help: 'New calls per second; empty = no limit.',
    format: (e) => formatInt(e.cpsLimit ?? null), parse: (c) => parseOptionalInt(c) ?? undefined,
  },
  textColumn<E>('notes', ['notes'], (e) => e.notes, 'Free text, kept exactly.', false),
];

/** The agent's own checks of one endpoint that its schema cannot express (a password is required). */
export function endpointProblems(e: Endpoint, routingNames?: ReadonlySet<string>): FieldError[] {
  const out = { errors: [] as FieldError[], warnings: [] as FieldError[] };
  checkEndpoints([e], [], routingNames ?? new Set(e.allowedRoutingGateways === 'all' ? [] : e.allowedRoutingGateways), out);
  return out.errors;
}

export const ENDPOINT_CSV: GatewayCsvFormat<E> = { collection: 'endpoints', columns: ENDPOINT_COLUMNS, schema: EndpointSchema, check: (e) => endpointProblems(e) };
