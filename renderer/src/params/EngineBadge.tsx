import { Intent, Popover, Tag, Tooltip } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { EngineSupport } from '@shared/catalog';

const INTENT = { enforced: Intent.SUCCESS, approximated: Intent.WARNING, stored: Intent.NONE } as const;

/** The one plain sentence about what the switch does with a value: what tooltips and greyed rows say. */
export function useEngineShort(): (e: EngineSupport) => string {
  const { t } = useTranslation();
  return (e) => t(`dense.engine.${e.status}Short`);
}

/**
 * The engineer's view of an engine status: the test that proves it, what differs, or what is
 * planned. Kept out of tooltips and shown only where someone asks for details.
 */
export function EngineDetails({ support: e }: { support: EngineSupport }) {
  const { t } = useTranslation();
  if (e.status === 'enforced') return <p className="engine-details">{t('dense.engine.proof', { test: e.test })}</p>;
  if (e.status === 'approximated') {
    return (
      <div className="engine-details">
        <p>{t('dense.engine.how', { how: e.how })}</p>
        {e.test && <p>{t('dense.engine.proof', { test: e.test })}</p>}
      </div>
    );
  }
  return <p className="engine-details">{t('dense.engine.why', { why: e.why })}</p>;
}

/**
 * Whether the switch honours a parameter or gateway setting; never hidden. Hover says it in one plain
 * sentence; a click opens the details (proving test, what differs, what is planned).
 */
export function EngineBadge({ support: e }: { support: EngineSupport }) {
  const { t } = useTranslation();
  const short = useEngineShort()(e);
  return (
    <Popover content={<div className="engine-popover"><strong>{t('dense.engine.details')}</strong><EngineDetails support={e} /></div>} placement="left">
      <Tooltip content={<span className="tooltip-text">{short}</span>} placement="left">
        <Tag intent={INTENT[e.status]} minimal={e.status === 'stored'} interactive className={`engine-${e.status}`} aria-label={`${t(`engine.${e.status}`)}: ${short}`}>
          {t(`engine.${e.status}`)}
        </Tag>
      </Tooltip>
    </Popover>
  );
}
