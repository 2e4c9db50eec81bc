import type { z } from 'zod';

/**
 * localStorage access that never throws: a full disk, a disabled storage or a value written by an
 * older build must not stop the window from opening, so bad or missing data reads as undefined.
 */
export function loadStored<T>(key: string, schema: z.ZodType<T>): T | undefined {
  try {
    const text = globalThis.localStorage?.getItem(key);
    if (text == null) return undefined;
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function saveStored(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Layout is a convenience; losing it is better than interrupting the user.
  }
}
