/** Finds the catalog name a mistyped parameter name most likely meant. */
export function suggestName(input: string, names: readonly string[]): string | undefined {
  const normal = normalise(input);
  if (normal === '') return undefined;
  const squashed = normal.replaceAll('_', '');
  for (const name of names) {
    // Case, separators, a missing SS_ prefix or extra underscores are the commonest slips.
    if (name === normal || name.replaceAll('_', '') === squashed) return name;
  }
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const d = distance(normal, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  const tolerance = Math.max(2, Math.floor(normal.length / 6));
  return bestDistance <= tolerance ? best : undefined;
}

function normalise(input: string): string {
  const upper = input.trim().toUpperCase().replace(/[\s.-]+/g, '_');
  if (upper === '') return '';
  return upper.startsWith('SS_') ? upper : `SS_${upper}`;
}

/** Levenshtein distance (insert, delete, substitute). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
