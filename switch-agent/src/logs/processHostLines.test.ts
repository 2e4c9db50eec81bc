// The real process host hands each stderr line of a child to the log callback (a real `sh` child).
import { describe, expect, it } from 'vitest';
import { createNodeProcessHost } from '../engine/nodeProcessHost';

describe('createNodeProcessHost onStderrLine', () => {
  it('splits stderr into lines (a last unterminated one included), leaves stdout out, keeps the tail', async () => {
    const lines: Array<[string, string]> = [];
    const host = createNodeProcessHost({ onStderrLine: (name, line) => lines.push([name, line]) });
    const child = host.spawn('kamailio', {
      command: '/bin/sh',
      args: ['-c', 'printf " 0(1) INFO: <core> one\\n 0(1) ERR" >&2; sleep 0.05; printf "OR: two\\nlast" >&2; echo banner'],
      cwd: '/',
    });
    await new Promise<void>((resolve) => child.onExit(() => resolve()));
    await new Promise((r) => setTimeout(r, 50)); // the pipe's end can trail the exit
    expect(lines).toEqual([
      ['kamailio', ' 0(1) INFO: <core> one'],
      ['kamailio', ' 0(1) ERROR: two'],
      ['kamailio', 'last'],
    ]);
    expect(child.logTail?.()).toContain('banner');
  });
});
