import { readFileSync } from 'node:fs';
import { parseAgentConfig, type AgentConfigResult } from './agentConfig';

export const DEFAULT_CONFIG_PATH = '/etc/switch-agent/agent.json';

/** A missing file at the default path means "all defaults"; a missing file named explicitly is an error. */
export function loadAgentConfig(file: string | undefined): AgentConfigResult {
  const path = file ?? DEFAULT_CONFIG_PATH;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' && file === undefined) return parseAgentConfig('', path);
    return { ok: false, errors: [`${path}: cannot be read (${err.code ?? err.message})`] };
  }
  return parseAgentConfig(text, path);
}
