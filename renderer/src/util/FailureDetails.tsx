import { useTranslation } from 'react-i18next';
import { plainConnectFailure, type PlainFailure } from './failure';

/** The technical text behind a plain message (the host's English wording, paths, codes), folded away until asked for. */
export function FailureDetails({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <details className="failure-details">
      <summary>{t('notice.details')}</summary>
      <span className="mono" lang="en">
        {text}
      </span>
    </details>
  );
}

/** A failed call in plain words (`lead` frames the sentence), the host's own text in the details. */
export function FailureNote({ failure, className, lead }: { failure: PlainFailure; className?: string; lead?: (text: string) => string }) {
  return (
    <div className={className}>
      {lead ? lead(failure.text) : failure.text}
      {failure.details !== '' && <FailureDetails text={failure.details} />}
    </div>
  );
}

/** Why connecting failed, in plain words (`lead` frames the sentence), the host's own text in the details. */
export function ConnectFailureNote({ error, className, lead }: { error: { code?: string; message: string }; className?: string; lead?: (text: string) => string }) {
  const { t } = useTranslation();
  return <FailureNote failure={plainConnectFailure(t, error)} className={className} lead={lead} />;
}
