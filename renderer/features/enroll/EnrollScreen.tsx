import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeVerificationId } from '../../../shared/domain/verification-id.ts';
import { useClient } from '../../app/store-context.tsx';
import { isAcceptableControlPlaneUrl } from '../../app/url.ts';
import { Button } from '../../components/Button.tsx';
import { Field } from '../../components/Field.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { ErrorPanel } from '../errors/ErrorPanel.tsx';

// First run: the enterprise verification ID. When IT set it, it is shown read-only and the
// button only looks it up again. With no control-plane address configured at all (no policy,
// no default in the build), the address is asked for here too, before the ID.
export function EnrollScreen() {
  const { t } = useTranslation();
  const enrollment = useClient((s) => s.snapshot!.enrollment);
  const pending = useClient((s) => s.pending);
  const commandError = useClient((s) => s.commandError);
  const enroll = useClient((s) => s.enroll);
  const setControlPlaneUrl = useClient((s) => s.setControlPlaneUrl);
  const refresh = useClient((s) => s.refresh);
  const [value, setValue] = useState(enrollment.enterprise_id ?? '');
  const [invalid, setInvalid] = useState(false);
  const askUrl = !enrollment.control_plane_url && !enrollment.control_plane_url_locked;
  const [url, setUrl] = useState('');
  const [urlInvalid, setUrlInvalid] = useState(false);
  const locked = enrollment.enterprise_id_locked;
  const discovering = enrollment.status === 'discovering';
  const busy =
    discovering || pending === 'enroll' || pending === 'refresh' || pending === 'control-plane-url';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (locked) {
      void refresh();
      return;
    }
    const id = normalizeVerificationId(value);
    setInvalid(!id);
    const urlOk = !askUrl || isAcceptableControlPlaneUrl(url.trim());
    setUrlInvalid(!urlOk);
    if (!id || !urlOk) return;
    void (async () => {
      if (askUrl && !(await setControlPlaneUrl(url.trim()))) return;
      await enroll(id);
    })();
  };

  const error =
    commandError && ['enroll', 'refresh', 'control-plane-url'].includes(commandError.command)
      ? commandError.error
      : enrollment.status === 'error'
        ? enrollment.error
        : null;

  return (
    <section className="card">
      <ScreenHeading>{t('enroll.title')}</ScreenHeading>
      <p className="lead">{t('enroll.intro')}</p>
      <form onSubmit={submit} noValidate>
        {askUrl ? (
          <Field
            label={t('settings.controlPlane')}
            name="control-plane-url"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={url}
            onChange={(event) => {
              setUrl(event.target.value);
              if (urlInvalid) setUrlInvalid(false);
            }}
            hint={t('settings.controlPlaneHint')}
            error={urlInvalid ? t('settings.controlPlaneInvalid') : undefined}
            required
          />
        ) : null}
        <Field
          label={t('enroll.label')}
          name="enterprise-id"
          type="text"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          maxLength={64}
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            if (invalid) setInvalid(false);
          }}
          hint={locked ? undefined : t('enroll.hint')}
          lockedNote={locked ? t('enroll.locked') : undefined}
          error={invalid ? t('enroll.invalid') : undefined}
          required
        />
        {error ? <ErrorPanel error={error} /> : null}
        <div className="actions">
          <Button type="submit" variant="primary" busy={busy}>
            {locked && error ? t('error.retry') : t('enroll.submit')}
          </Button>
          {busy ? (
            <span role="status" className="waiting">
              {t('enroll.checking')}
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
