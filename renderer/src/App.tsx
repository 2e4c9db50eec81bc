import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CATALOG, describeAllowed, formatParamValue, type ParamDef, type ParamGroup } from '@shared/catalog';
import { filterCatalog } from './catalog/filterCatalog';

function EngineBadge({ def }: { def: ParamDef }) {
  const { t } = useTranslation();
  const e = def.engine;
  const detail = e.status === 'enforced' ? e.test : e.status === 'approximated' ? e.how : e.why;
  return (
    <span className={`badge badge-${e.status}`} title={detail}>
      {t(`catalog.engine_${e.status}`)}
    </span>
  );
}

export function App() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState<ParamGroup | 'all'>('all');
  const rows = useMemo(() => filterCatalog(CATALOG, { query, group }), [query, group]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <span className="subtitle">{t('app.subtitle')}</span>
      </header>
      <div className="toolbar">
        <label>
          <span className="visually-hidden">{t('catalog.search')}</span>
          <input
            type="search"
            aria-label={t('catalog.search')}
            placeholder={t('catalog.searchPlaceholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <select aria-label={t('catalog.colGroup')} value={group} onChange={(e) => setGroup(e.target.value as ParamGroup | 'all')}>
          <option value="all">{t('catalog.groupAll')}</option>
          <option value="sip">{t('catalog.groupSip')}</option>
          <option value="system">{t('catalog.groupSystem')}</option>
        </select>
        <span className="count">{t('catalog.count', { shown: rows.length, total: CATALOG.length })}</span>
      </div>
      {rows.length === 0 ? (
        <p className="empty">{t('catalog.none', { query })}</p>
      ) : (
        <table className="catalog">
          <thead>
            <tr>
              <th>{t('catalog.colName')}</th>
              <th>{t('catalog.colGroup')}</th>
              <th>{t('catalog.colCategory')}</th>
              <th>{t('catalog.colDefault')}</th>
              <th>{t('catalog.colAllowed')}</th>
              <th>{t('catalog.colEngine')}</th>
              <th>{t('catalog.colDescription')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.name}>
                <td className="mono">{d.name}</td>
                <td>{t(d.group === 'sip' ? 'catalog.groupSip' : 'catalog.groupSystem')}</td>
                <td>{d.category}</td>
                <td className="mono">{formatParamValue(d.name, d.default)}</td>
                <td>{describeAllowed(d)}</td>
                <td>
                  <EngineBadge def={d} />
                </td>
                <td>
                  {d.description}
                  {d.related.length > 0 && <div className="related">{t('catalog.related', { names: d.related.join(', ') })}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
