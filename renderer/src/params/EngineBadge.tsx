import { Intent, Tag, Tooltip } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { ParamDef } from '@shared/catalog';

const INTENT = { enforced: Intent.SUCCESS, approximated: Intent.WARNING, stored: Intent.NONE } as const;

/** Whether the engine honours the parameter; never hidden, with the proof or the reason on hover. */
export function EngineBadge({ def }: { def: ParamDef }) {
  const { t } = useTranslation();
  const e = def.engine;
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
