/**
 * Dates and times as operators compare them with server logs: ISO form, 24-hour, always with the
 * time zone. The workstation's local time comes first with its UTC offset; the agent and the
 * switch record UTC, so UTC follows whenever the workstation is elsewhere.
 */
export function formatTime(when: string | number | Date, opts: { ms?: boolean } = {}): string {
  const d = when instanceof Date ? when : new Date(when);
  if (Number.isNaN(d.getTime())) return String(when);
  return formatTimeIn(d, -d.getTimezoneOffset(), opts);
}

/** The same for a given offset east of UTC in minutes (pure, for tests); `ms` adds ".123". */
export function formatTimeIn(d: Date, offsetMin: number, opts: { ms?: boolean } = {}): string {
  const end = opts.ms ? 23 : 19;
  const local = new Date(d.getTime() + offsetMin * 60_000).toISOString();
  const text = `${local.slice(0, 10)} ${local.slice(11, end)}`;
  if (offsetMin === 0) return `${text} UTC`;
  return `${text} ${offsetText(offsetMin)} (${d.toISOString().slice(11, end)} UTC)`;
}

/** Time of day only, 24-hour local ("09:16:32"), where the date and zone are given nearby. */
export function formatClock(when: number | Date): string {
  const d = when instanceof Date ? when : new Date(when);
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString();
  return local.slice(11, 19);
}

/** "UTC+05:30", "UTC-03:00". */
export function offsetText(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** A time as a time field shows it: local, ISO order, 24-hour, to the minute ("2026-12-05 14:30"). */
export function toTimeField(when: number | Date): string {
  const d = when instanceof Date ? when : new Date(when);
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}`;
}

/** The local time typed in a time field ("2026-12-05 14:30", seconds or a "T" allowed), or null when it is not one. */
export function fromTimeField(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, s);
  // new Date rolls 2026-02-30 over into March: a field the calendar does not have is refused instead.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d || date.getHours() !== h || date.getMinutes() !== mi) return null;
  return date.getTime();
}
