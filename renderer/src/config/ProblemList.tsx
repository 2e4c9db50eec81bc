import { useTranslation } from 'react-i18next';
import type { FieldError } from '@shared/model/fieldPath';
import { FailureDetails } from '../util/FailureDetails';
import { fieldProblem } from '../util/fieldProblem';

/**
 * Findings of the configuration checks, each at its field: the field path (a name, not prose) and what
 * is wrong and allowed in the interface language; a finding this version has no sentence for keeps
 * the server's own words in the details.
 */
export function ProblemList({ problems, severity, testId }: { problems: readonly FieldError[]; severity: 'error' | 'warning'; testId?: string }) {
  const { t } = useTranslation();
  return (
    <ul className="problem-list">
      {problems.map((e) => {
        const p = fieldProblem(t, e, severity);
        return (
          <li key={e.path + e.message} data-testid={testId}>
            <span className="mono" translate="no">{e.path}</span>: {p.text}
            {p.details !== undefined && <FailureDetails text={p.details} />}
          </li>
        );
      })}
    </ul>
  );
}
