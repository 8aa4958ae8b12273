import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/store-context.tsx';
import { Button } from '../../components/Button.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { ErrorPanel } from '../errors/ErrorPanel.tsx';
import { brandName } from './brand.ts';

// Several identity sources: each is offered under the login title its admin wrote.
export function SourceChoiceScreen() {
  const { t } = useTranslation();
  const enrollment = useClient((s) => s.snapshot!.enrollment);
  const pending = useClient((s) => s.pending);
  const commandError = useClient((s) => s.commandError);
  const chooseSource = useClient((s) => s.chooseSource);
  const resetEnrollment = useClient((s) => s.resetEnrollment);
  const [choice, setChoice] = useState(
    enrollment.selected_source_id ?? enrollment.sources[0]?.id ?? '',
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice) void chooseSource(choice);
  };
  return (
    <section className="card">
      <ScreenHeading>{t('source.title')}</ScreenHeading>
      {enrollment.tenant_name ? (
        <p className="lead">{t('source.intro', { tenant: enrollment.tenant_name })}</p>
      ) : null}
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('source.label')}</legend>
          {enrollment.sources.map((source) => (
            <label key={source.id} className="choice">
              <input
                type="radio"
                name="source"
                value={source.id}
                checked={choice === source.id}
                onChange={() => setChoice(source.id)}
              />
              <span className="choice-text">
                <span>{source.description || source.name}</span>
                <span className="choice-sub">
                  {brandName(source.brand, t)} · {source.name}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {commandError?.command === 'choose-source' ? (
          <ErrorPanel error={commandError.error} />
        ) : null}
        <div className="actions">
          <Button type="submit" variant="primary" busy={pending === 'choose-source'}>
            {t('source.submit')}
          </Button>
          {enrollment.enterprise_id_locked ? null : (
            <Button
              variant="link"
              onClick={() => void resetEnrollment()}
              disabled={pending !== null}
            >
              {t('source.changeEnterprise')}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}
