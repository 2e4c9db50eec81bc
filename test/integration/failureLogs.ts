// What a failed integration test prints besides its own message: the last lines of every agent
// (or other long-running helper) that was running when it failed. A timing failure on a loaded
// machine is usually explained by what the agent logged meanwhile (a restart, a slow apply, an
// engine warning), and a waitFor timeout alone does not say it. Registered by the harness that
// starts the process; printed by failureLogs.setup.ts.
const sources = new Set<{ name: string; text: () => string }>();

/** Shows `text()` under `name` when a test fails while it is registered; returns the unregister. */
export function showOnFailure(name: string, text: () => string): () => void {
  const s = { name, text };
  sources.add(s);
  return () => void sources.delete(s);
}

/** Every registered source's last `chars` characters, each under its name. */
export function failureLogs(chars = 6000): string {
  return [...sources].map((s) => `--- ${s.name} (last lines) ---\n${s.text().slice(-chars)}`).join('\n');
}

/**
 * The lines of `logs` a reader of a CI summary needs first: warnings, errors, restarts and
 * refusals, the last `max` of them. The summary reporter prints them under a test that passed
 * only on its second try, whose full logs scrolled out of the part of a CI log anyone reads.
 */
export function notableLines(logs: string, max = 12): string[] {
  return logs
    .split('\n')
    .filter((l) => /\b(warn|error|fail\w*|again|refus\w*|kill\w*|exit\w*|timed? ?out)\b/i.test(l))
    .slice(-max)
    .map((l) => l.slice(0, 240));
}
