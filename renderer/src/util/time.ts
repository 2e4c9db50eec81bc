/** Local time, plus UTC when it differs, because server logs and the agent record UTC. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const local = d.toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (d.getTimezoneOffset() === 0) return `${local} UTC`;
  return `${local} (${d.toISOString().slice(11, 19)} UTC)`;
}
