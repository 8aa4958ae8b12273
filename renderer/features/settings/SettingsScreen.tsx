import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/store-context.tsx';
import { isAcceptableControlPlaneUrl } from '../../app/url.ts';
import { Button } from '../../components/Button.tsx';
import { Field } from '../../components/Field.tsx';
import { LockIcon } from '../../components/LockIcon.tsx';
import { Notice } from '../../components/Notice.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import type { LanguageSetting } from '../../i18n/locale.ts';
import { ErrorPanel } from '../errors/ErrorPanel.tsx';

// Language, control-plane URL and start-at-login, each locked when IT set it; then about.
// Esc closes, like the button.
export function SettingsScreen() {
  const { t } = useTranslation();
  const snapshot = useClient((s) => s.snapshot!);
  const pending = useClient((s) => s.pending);
  const commandError = useClient((s) => s.commandError);
  const setLanguage = useClient((s) => s.setLanguage);
  const setControlPlaneUrl = useClient((s) => s.setControlPlaneUrl);
  const setAutoStart = useClient((s) => s.setAutoStart);
  const close = useClient((s) => s.closeSettings);
  const { settings, app } = snapshot;
  const languageId = useId();
  const autoStartId = useId();
  const languageLockId = useId();
  const autoStartLockId = useId();
  const lockNote = (id: string) => (
    <p className="field-lock" id={id}>
      <LockIcon /> {t('settings.locked')}
    </p>
  );
  const [url, setUrl] = useState(settings.control_plane_url ?? '');
  const [urlInvalid, setUrlInvalid] = useState(false);
  const [saved, setSaved] = useState(false);

  const submitUrl = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const trimmed = url.trim();
    if (trimmed && !isAcceptableControlPlaneUrl(trimmed)) {
      setUrlInvalid(true);
      return;
    }
    setUrlInvalid(false);
    setSaved(await setControlPlaneUrl(trimmed || null));
  };

  return (
    <div
      className="stack"
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <section className="card">
        <div className="actions actions-between">
          <ScreenHeading>{t('settings.title')}</ScreenHeading>
          <Button variant="secondary" onClick={close}>
            {t('settings.close')}
          </Button>
        </div>
        <div className="field">
          <label htmlFor={languageId}>{t('settings.language')}</label>
          <select
            id={languageId}
            value={settings.language}
            aria-describedby={settings.language_locked ? languageLockId : undefined}
            disabled={settings.language_locked || pending === 'language'}
            onChange={(event) => void setLanguage(event.target.value as LanguageSetting)}
          >
            <option value="system">{t('settings.languageSystem')}</option>
            <option value="en" lang="en">
              {t('settings.languageEn')}
            </option>
            <option value="zh-CN" lang="zh-CN">
              {t('settings.languageZh')}
            </option>
          </select>
          {settings.language_locked ? lockNote(languageLockId) : null}
        </div>
        <form onSubmit={(event) => void submitUrl(event)}>
          <Field
            label={t('settings.controlPlane')}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={url}
            onChange={(event) => {
              setUrl(event.target.value);
              setSaved(false);
            }}
            hint={settings.control_plane_url_locked ? undefined : t('settings.controlPlaneHint')}
            lockedNote={settings.control_plane_url_locked ? t('settings.locked') : undefined}
            error={urlInvalid ? t('settings.controlPlaneInvalid') : undefined}
          />
          {settings.control_plane_url_locked ? null : (
            <div className="actions">
              <Button type="submit" variant="primary" busy={pending === 'control-plane-url'}>
                {t('settings.save')}
              </Button>
              {saved ? (
                <span role="status" className="lead">
                  <span aria-hidden="true">✓ </span>
                  {t('settings.saved')}
                </span>
              ) : null}
            </div>
          )}
        </form>
        <div className="field field-inline">
          <input
            id={autoStartId}
            type="checkbox"
            checked={settings.auto_start}
            aria-describedby={settings.auto_start_locked ? autoStartLockId : undefined}
            disabled={settings.auto_start_locked || pending === 'auto-start'}
            onChange={(event) => void setAutoStart(event.target.checked)}
          />
          <label htmlFor={autoStartId}>{t('settings.autoStart')}</label>
          {settings.auto_start_locked ? lockNote(autoStartLockId) : null}
        </div>
        {commandError &&
        ['language', 'control-plane-url', 'auto-start'].includes(commandError.command) ? (
          <ErrorPanel error={commandError.error} />
        ) : null}
      </section>
      <section className="card" aria-labelledby="about-title">
        <h2 id="about-title">{t('settings.about')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('app.name')}</dt>
            <dd>{t('settings.version', { version: app.version })}</dd>
          </div>
          <div>
            <dt>{t('settings.platformLabel')}</dt>
            <dd>{app.platform}</dd>
          </div>
          <div>
            <dt>{t('settings.managedBy')}</dt>
            <dd>{t(`settings.managed.${app.managed_by}`)}</dd>
          </div>
        </dl>
        {app.shell === 'browser-bridge' ? (
          <Notice tone="info" live="off">
            {t('settings.bridge')}
          </Notice>
        ) : null}
      </section>
    </div>
  );
}
