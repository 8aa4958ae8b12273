import { useTranslation } from 'react-i18next';
import { formatTime } from './format.ts';

/** A timestamp in the console's language and the browser's time zone (never: a dash). */
export function LocalTime(props: { iso: string | null | undefined; never?: string }) {
  const { i18n } = useTranslation();
  if (!props.iso) return <>{props.never ?? '—'}</>;
  return <time dateTime={props.iso}>{formatTime(props.iso, i18n.language)}</time>;
}
