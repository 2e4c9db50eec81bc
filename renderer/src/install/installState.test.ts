import { describe, expect, it } from 'vitest';
import { applyProgress, EMPTY_VIEW, LOG_LIMIT } from './installState';

const ids = { installId: 'i1', serverId: 's1' };

describe('applyProgress', () => {
  it('follows step states, appends output and keeps the end', () => {
    let v = applyProgress(EMPTY_VIEW, { ...ids, kind: 'step', step: 'upload', state: 'running' });
    v = applyProgress(v, { ...ids, kind: 'output', step: 'upload', stream: 'info', text: 'a\n' });
    v = applyProgress(v, { ...ids, kind: 'step', step: 'upload', state: 'done' });
    v = applyProgress(v, { ...ids, kind: 'step', step: 'install', state: 'failed' });
    v = applyProgress(v, { ...ids, kind: 'finished', outcome: 'failed', step: 'install', message: 'Install failed.' });
    expect(v.steps).toEqual({ upload: 'done', install: 'failed' });
    expect(v.log).toBe('a\n');
    expect(v.finished).toMatchObject({ outcome: 'failed', step: 'install' });
  });

  it('keeps only the last part of a long log', () => {
    let v = EMPTY_VIEW;
    for (let i = 0; i < 5; i++) v = applyProgress(v, { ...ids, kind: 'output', step: 'install', stream: 'stdout', text: `${i}`.repeat(60_000) });
    expect(v.log.length).toBe(LOG_LIMIT);
    expect(v.log.endsWith('4')).toBe(true);
  });
});
