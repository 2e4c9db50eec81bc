import { Intent, Popover, Tag, Tooltip } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { EngineSupport } from '@shared/catalog';

const INTENT = { enforced: Intent.SUCCESS, approximated: Intent.WARNING, stored: Intent.NONE, 'not-engine': Intent.NONE } as const;

/** The one plain sentence about what the switch does with a value: what tooltips and greyed rows say. */
export function useEngineShort(): (e: EngineSupport) => string {
  const { t } = useTranslation();
  return (e) => t(`dense.engine.${e.status}Short`);
}

/** A translated sentence around one English value (a test name, a developer note), the value marked lang="en". */
function WithEnglish({ k, name, value }: { k: string; name: string; value: string }) {
  const { t } = useTranslation();
  const [before = '', after = ''] = t(k, { [name]: '\u0000' }).split('\u0000');
  return <p>{before}<span lang="en">{value}</span>{after}</p>;
}

/**
 * The engineer's view of an engine status: the test that proves it, what differs, what is planned,
 * or what a setting that is no engine setting is for. Kept out of tooltips and shown only where
 * someone asks for details; written in English.
 */
export function EngineDetails({ support: e }: { support: EngineSupport }) {
  if (e.status === 'enforced') return <div className="engine-details"><WithEnglish k="dense.engine.proof" name="test" value={e.test} /></div>;
  if (e.status === 'approximated') {
    return (
      <div className="engine-details">
        <WithEnglish k="dense.engine.how" name="how" value={e.how} />
        {e.test && <WithEnglish k="dense.engine.proof" name="test" value={e.test} />}
      </div>
    );
  }
  if (e.status === 'not-engine') return <div className="engine-details"><WithEnglish k="dense.engine.about" name="why" value={e.why} /></div>;
  return <div className="engine-details"><WithEnglish k="dense.engine.why" name="why" value={e.why} /></div>;
}

/**
 * Whether the switch honours a parameter or gateway setting; never hidden. Hover says it in one plain
 * sentence; a click opens the details (proving test, what differs, what is planned). A setting that is
 * no engine setting (operators' notes) gets a neutral tag with a note icon: neither "enforced" nor
 * "stored only".
 */
export function EngineBadge({ support: e }: { support: EngineSupport }) {
  const { t } = useTranslation();
  const short = useEngineShort()(e);
  return (
    <Popover content={<div className="engine-popover"><strong>{t('dense.engine.details')}</strong><EngineDetails support={e} /></div>} placement="left">
      <Tooltip content={<span className="tooltip-text">{short}</span>} placement="left">
        <Tag intent={INTENT[e.status]} minimal={e.status === 'stored' || e.status === 'not-engine'} icon={e.status === 'not-engine' ? 'annotation' : undefined} interactive className={`engine-${e.status}`} aria-label={`${t(`engine.${e.status}`)}: ${short}`}>
          {t(`engine.${e.status}`)}
        </Tag>
      </Tooltip>
    </Popover>
  );
}
