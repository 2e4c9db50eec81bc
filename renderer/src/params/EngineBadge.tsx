import { Intent, Tag, Tooltip } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { EngineSupport } from '@shared/catalog';

const INTENT = { enforced: Intent.SUCCESS, approximated: Intent.WARNING, stored: Intent.NONE } as const;

/** Whether the engine honours a parameter or gateway setting; never hidden, with the proof or the reason on hover. */
export function EngineBadge({ support: e }: { support: EngineSupport }) {
  const { t } = useTranslation();
  const detail =
    e.status === 'enforced'
      ? t('engine.enforcedDetail', { test: e.test })
      : e.status === 'approximated'
        ? t('engine.approximatedDetail', { how: e.how })
        : t('engine.storedDetail', { why: e.why });
  return (
    <Tooltip content={<span className="tooltip-text">{detail}</span>} placement="left">
      <Tag intent={INTENT[e.status]} minimal={e.status === 'stored'} className={`engine-${e.status}`} aria-label={`${t(`engine.${e.status}`)}: ${detail}`}>
        {t(`engine.${e.status}`)}
      </Tag>
    </Tooltip>
  );
}
