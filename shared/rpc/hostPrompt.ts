/**
 * Shapes shared by the HostApi's connect conversation (./hostApi) and the agent installer
 * (./installApi): the id format and the credentials question, so a sudo password is asked in the
 * same dialog, with the same "remember" rules, as an SSH password.
 */
import { z } from 'zod';

export const HostIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -');

export const CredentialsPromptSchema = z.strictObject({
  promptId: HostIdSchema,
  kind: z.enum(['password', 'passphrase', 'keyboard-interactive']),
  /** keyboard-interactive: the server's name/instructions and one entry per question. */
  name: z.string().max(256).default(''),
  instructions: z.string().max(2000).default(''),
  prompts: z.array(z.strictObject({ text: z.string().max(512), echo: z.boolean() })).max(16),
  /** Set when an earlier answer was refused. */
  retry: z.boolean().default(false),
  /** False where the host has no OS keychain (browser shell): the answer cannot be remembered. */
  canRemember: z.boolean().default(true),
});
