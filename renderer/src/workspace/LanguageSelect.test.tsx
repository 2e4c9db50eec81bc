// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useTranslation } from 'react-i18next';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import i18next from '../i18n';
import { LanguageSelect } from './LanguageSelect';

beforeAll(installDomStubs);
afterEach(async () => {
  cleanup();
  localStorage.clear();
  await act(() => i18next.changeLanguage('en'));
});

function Screen() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('modules.mapping')}</h1>
      <LanguageSelect />
    </>
  );
}

describe('LanguageSelect', () => {
  it('switches every string at run time and remembers the choice', async () => {
    render(<Screen />);
    expect(screen.getByRole('heading').textContent).toBe('Mapping gateways');
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh-CN' } });
    });
    expect(screen.getByRole('heading').textContent).toBe('对接网关');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(JSON.parse(localStorage.getItem('switchdeck.language') ?? 'null')).toBe('zh-CN');
    expect(screen.getByRole('combobox', { name: '界面语言' })).toBeTruthy();
  });

  it('starts with the remembered language', async () => {
    localStorage.setItem('switchdeck.language', JSON.stringify('zh-CN'));
    render(<Screen />);
    await act(async () => {});
    expect(screen.getByRole('heading').textContent).toBe('对接网关');
    expect((screen.getByRole('combobox') as HTMLSelectElement).value).toBe('zh-CN');
  });
});
