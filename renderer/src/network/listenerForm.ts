/**
 * The SIP listening address form, pure: text fields to a listener checked by the shared schema,
 * each plain-English message attached to the field it is about.
 */
import { SipListenerSchema, type SipListener } from '@shared/model/sipListener';

export interface ListenerForm {
  name: string;
  address: string;
  port: string;
  /** The transport chosen in the form's select. */
  transport: ListenerTransport;
}

export type ListenerTransport = NonNullable<SipListener['transport']>;
export type ListenerField = Exclude<keyof ListenerForm, 'transport'>;

export const EMPTY_LISTENER_FORM: ListenerForm = { name: '', address: '', port: '5060', transport: 'udp' };

export type ListenerCheck = { ok: true; listener: SipListener } | { ok: false; errors: Partial<Record<ListenerField, string>> };

export function checkListenerForm(f: ListenerForm, takenNames: ReadonlySet<string>): ListenerCheck {
  const port = f.port.trim();
  // UDP is stored as no transport at all, as listeners were before transports existed (same hash).
  const parsed = SipListenerSchema.safeParse({
    name: f.name.trim(), address: f.address.trim(), port: port === '' ? Number.NaN : Number(port), ...(f.transport !== 'udp' && { transport: f.transport }),
  });
  const errors: Partial<Record<ListenerField, string>> = {};
  if (takenNames.has(f.name.trim())) errors.name = 'another listening address already has this name';
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as ListenerField | undefined;
      if (field && field in f && !errors[field]) errors[field] = field === 'port' && issue.code === 'invalid_type' ? 'must be a whole number from 1 to 65535' : issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, listener: parsed.data };
}
