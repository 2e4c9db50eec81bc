import { formatParamValue, getParam, type ParamValue } from '@shared/catalog';
import { valuesMatch } from '@shared/config';
import { itemDefaults } from '@shared/config/itemDefaults';
import { leafEntries } from '@shared/config/leaves';
import { COLLECTIONS, type CollectionKey } from '@shared/model/collections';
import type { FieldChange } from '@shared/model/fieldPath';
import { isSecret } from '@shared/model/secret';
import { formatAbsent, formatJsonValue } from './valueText';

/** The translation function (i18next's `t`), passed in so the sentences stay pure and testable. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface ChangeSentence {
  /** What the sentence is about (`params.SS_X`, `routingGateways[gw-a]`): stable React key. */
  readonly subject: string;
  readonly kind: 'add' | 'delete' | 'change' | 'param' | 'other';
  readonly text: string;
}

const ITEM = /^([A-Za-z]+)\[([^\]]+)\](?:\.(.+))?$/;
const PARAM = /^params\.(SS_[A-Z0-9_]+)$/;
const KEYS = new Set<string>(COLLECTIONS.map((c) => c.key));

/** Fields shown without a label because their value says what it is ("192.0.2.10:5060 UDP"). */
const UNLABELLED = new Set(['routingGateways.addresses', 'mappingGateways.ips']);
/** Fields whose `null` means "use the system parameter" rather than "no limit". */
const INHERITS = new Set(['inviteTimeout', 'stopSwitchAfterInviteTimeout', 'stopSwitchAfterSdp', 'registration.expirySec', 'maxCallDurationSec']);
/** Per-gateway overrides shown in their parameter's unit. */
const PARAM_OF: Readonly<Record<string, string>> = { inviteTimeout: 'SS_SIP_TIMEOUT_INVITE' };
/** Shown first when a new item is described: what identifies it on the wire. */
const LEAD = ['addresses', 'ips', 'authMode', 'username'];

/**
 * Sentences an operator reads for a list of field changes: one per parameter ("SS_SIP_TIMEOUT_INVITE
 * 10 s → 20 s") and one per item ("Add routing gateway carrier-a: 192.0.2.10:5060 UDP, prefixes
 * 0086/001, capacity 120" — a new item lists only what differs from the defaults; a changed item
 * lists each changed field before → after), in the order the changes arrive.
 */
export function changeSentences(changes: readonly FieldChange[], t: Translate): ChangeSentence[] {
  const out: ChangeSentence[] = [];
  const edited = new Map<string, { collection: string; name: string; parts: string[] }>();
  for (const c of changes) {
    const param = PARAM.exec(c.path);
    if (param?.[1]) {
      out.push({ subject: c.path, kind: 'param', text: paramSentence(param[1], c, t) });
      continue;
    }
    const item = ITEM.exec(c.path);
    if (!item?.[1] || !item[2] || !KEYS.has(item[1])) {
      out.push({ subject: c.path, kind: 'other', text: t('changeText.other', { path: c.path, before: side(c.path, c.before, t), after: side(c.path, c.after, t) }) });
      continue;
    }
    const [, collection, name, field] = item;
    const what = t(`changeText.collection.${collection}`);
    if (field === undefined && c.before === undefined) {
      const details = newItemDetails(collection as CollectionKey, c.after, t);
      out.push({ subject: c.path, kind: 'add', text: details ? t('changeText.add', { what, name, details }) : t('changeText.addPlain', { what, name }) });
      continue;
    }
    if (field === undefined && c.after === undefined) {
      out.push({ subject: c.path, kind: 'delete', text: t('changeText.delete', { what, name }) });
      continue;
    }
    const subject = `${collection}[${name}]`;
    let entry = edited.get(subject);
    if (!entry) {
      entry = { collection, name, parts: [] };
      edited.set(subject, entry);
      out.push({ subject, kind: 'change', text: '' });
    }
    const leaf = field ?? '';
    entry.parts.push(t('changeText.fieldChange', { field: fieldLabel(leaf, t), before: fieldValue(collection, leaf, c.before, t), after: fieldValue(collection, leaf, c.after, t) }));
  }
  return out.map((s) => {
    const e = s.kind === 'change' ? edited.get(s.subject) : undefined;
    return e ? { ...s, text: t('changeText.change', { what: t(`changeText.collection.${e.collection}`), name: e.name, details: e.parts.join(', ') }) } : s;
  });
}

function paramSentence(name: string, c: FieldChange, t: Translate): string {
  const value = (v: unknown) => (v === undefined ? formatAbsent(`params.${name}`, t('changes.absent'), t('changes.atDefault')) : formatJsonValue(`params.${name}`, v));
  return t('changeText.param', { name, before: value(c.before), after: value(c.after) });
}

/** "192.0.2.10:5060 UDP, prefixes 0086/001, capacity 120": the fields that differ from the defaults. */
function newItemDetails(collection: CollectionKey, item: unknown, t: Translate): string {
  if (typeof item !== 'object' || item === null) return '';
  const defaults = itemDefaults(collection);
  const fields = Object.entries(item as Record<string, unknown>).filter(([k, v]) => k !== 'name' && v !== undefined && !valuesMatch(v, defaults[k]));
  fields.sort(([a], [b]) => lead(a) - lead(b));
  return fields
    .flatMap(([k, v]) => {
      // A nested object (registration) is described leaf by leaf, again only where it differs.
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && !isSecret(v)) {
        const def = defaults[k];
        return leafEntries(v)
          .filter(([key, leafValue]) => !valuesMatch(leafValue, leafEntries(def).find(([dk]) => dk.join('.') === key.join('.'))?.[1]))
          .map(([key, leafValue]) => part(collection, [k, ...key].join('.'), leafValue, t));
      }
      return [part(collection, k, v, t)];
    })
    .join(', ');
}

function lead(field: string): number {
  const i = LEAD.indexOf(field);
  return i === -1 ? LEAD.length : i;
}

function part(collection: string, field: string, value: unknown, t: Translate): string {
  const text = fieldValue(collection, field, value, t);
  return UNLABELLED.has(`${collection}.${field}`) ? text : t('changeText.fieldValue', { field: fieldLabel(field, t), value: text });
}

function fieldLabel(field: string, t: Translate): string {
  return t(`changeText.field.${field.replace(/\./g, '_')}`, { defaultValue: field });
}

/** A field's value in words: addresses as host:port TRANSPORT, prefixes with "/", null as "no limit" or "system value". */
export function fieldValue(collection: string, field: string, value: unknown, t: Translate): string {
  if (value === undefined) return t('changes.absent');
  if (value === null) return INHERITS.has(field) ? t('changeText.systemValue') : t('changeText.noLimit');
  if (isSecret(value)) return value.set ? t('changeText.secretSet') : t('changeText.secretNotSet');
  const param = PARAM_OF[field];
  if (param && getParam(param) && typeof value === 'number') return formatParamValue(param, value as ParamValue);
  if (field === 'enabled' && typeof value === 'boolean') return value ? t('changeText.enabled') : t('changeText.disabled');
  if (typeof value === 'boolean') return value ? t('changeText.on') : t('changeText.off');
  if (field === 'addresses' && Array.isArray(value)) return value.map((a: { host?: unknown; port?: unknown; transport?: unknown }) => `${String(a.host)}:${String(a.port)} ${String(a.transport).toUpperCase()}`).join(', ');
  if (field === 'ips' && Array.isArray(value)) return value.length === 0 ? t('changeText.emptyList') : value.map((a: { ip?: unknown; port?: unknown }) => (a.port == null ? String(a.ip) : `${String(a.ip)}:${String(a.port)}`)).join(', ');
  if (field === 'authMode' && typeof value === 'string') return t(`gw.auth_${value}`, { defaultValue: value });
  if (field === 'prefixes' && Array.isArray(value)) return value.length === 0 ? t('changeText.allNumbers') : value.join('/');
  if (field === 'allowedRoutingGateways') return value === 'all' ? t('changeText.allGateways') : Array.isArray(value) && value.length === 0 ? t('changeText.noGateways') : formatJsonValue(field, value);
  if ((field === 'callerDialPlan' || field === 'calleeDialPlan') && Array.isArray(value)) return t('changeText.rules', { count: value.length });
  if (Array.isArray(value) && value.length === 0) return t('changeText.emptyList');
  if (value === '') return t('changeText.empty');
  return formatJsonValue(`${collection}.${field}`, value);
}

function side(path: string, value: unknown, t: Translate): string {
  return value === undefined ? t('changes.absent') : formatJsonValue(path, value);
}
