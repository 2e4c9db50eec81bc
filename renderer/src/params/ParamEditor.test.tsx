// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { CATALOG, type ParamDef } from '@shared/catalog';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { ParamEditor } from './ParamEditor';

beforeAll(installDomStubs);
afterEach(cleanup);

const find = (pred: (d: ParamDef) => boolean): ParamDef => {
  const d = CATALOG.find(pred);
  if (!d) throw new Error('catalog has no parameter of the kind this test needs');
  return d;
};

describe('ParamEditor', () => {
  it('refuses an out-of-range integer inline and stages nothing', () => {
    const def = find((d) => d.type.kind === 'integer');
    if (def.type.kind !== 'integer') throw new Error('unreachable');
    const onCommit = vi.fn();
    render(<ParamEditor def={def} value={def.default} onCommit={onCommit} />);
    const input = screen.getByLabelText(def.name);
    fireEvent.change(input, { target: { value: String(def.type.max + 1) } });
    fireEvent.blur(input);
    expect(screen.getByRole('alert').textContent).toContain(def.name);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(onCommit).not.toHaveBeenCalled();

    fireEvent.change(input, { target: { value: 'abc' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByRole('alert').textContent).toMatch(/whole number/);
    expect(onCommit).not.toHaveBeenCalled();
  });

  it('commits a valid integer on Enter and converts units', () => {
    const def = find((d) => d.type.kind === 'integer' && d.type.unit === 's' && d.type.max >= 120 && d.type.min <= 120 && d.default !== 120);
    const onCommit = vi.fn();
    render(<ParamEditor def={def} value={def.default} onCommit={onCommit} />);
    const input = screen.getByLabelText(def.name);
    fireEvent.change(input, { target: { value: '2 min' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onCommit).toHaveBeenCalledWith(120);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('uses a switch for on/off and a select for enums', () => {
    const onoff = find((d) => d.type.kind === 'onoff');
    const onCommit = vi.fn();
    render(<ParamEditor def={onoff} value={false} onCommit={onCommit} />);
    fireEvent.click(screen.getByLabelText(onoff.name));
    expect(onCommit).toHaveBeenCalledWith(true);

    const en = find((d) => d.type.kind === 'enum' && d.type.options.length > 1);
    if (en.type.kind !== 'enum') throw new Error('unreachable');
    const other = en.type.options.find((o) => o.value !== en.default);
    const onEnum = vi.fn();
    render(<ParamEditor def={en} value={en.default} onCommit={onEnum} />);
    fireEvent.change(screen.getByLabelText(en.name), { target: { value: other?.value } });
    expect(onEnum).toHaveBeenCalledWith(other?.value);
  });

  it('offers Auto / None as a toggle next to the number', () => {
    const def = find((d) => d.type.kind === 'autoOrInteger' || d.type.kind === 'noneOrInteger');
    const word = def.type.kind === 'autoOrInteger' ? 'auto' : 'none';
    const onCommit = vi.fn();
    const numeric = def.type.kind === 'autoOrInteger' || def.type.kind === 'noneOrInteger' ? def.type.min : 0;
    render(<ParamEditor def={def} value={numeric} onCommit={onCommit} />);
    fireEvent.click(screen.getByRole('button', { name: word === 'auto' ? 'Auto' : 'None' }));
    expect(onCommit).toHaveBeenCalledWith(word);
  });

  it('hides secret text and rejects a bad number list item', () => {
    const secret = find((d) => d.type.kind === 'string' && d.type.secret === true);
    render(<ParamEditor def={secret} value={{ set: true }} onCommit={vi.fn()} />);
    expect(screen.getByLabelText(secret.name).getAttribute('type')).toBe('password');

    const list = find((d) => d.type.kind === 'numberList');
    const onCommit = vi.fn();
    render(<ParamEditor def={list} value={list.default} onCommit={onCommit} />);
    const input = screen.getByLabelText(list.name);
    fireEvent.change(input, { target: { value: '1, x' } });
    fireEvent.blur(input);
    expect(screen.getByRole('alert').textContent).toMatch(/item 2/);
    expect(onCommit).not.toHaveBeenCalled();
  });
});
