import type { ReactNode } from 'react';

export type NoticeTone = 'info' | 'warning' | 'danger' | 'success';

// The glyph repeats the tone in shape so the meaning never rests on colour alone.
const GLYPH: Record<NoticeTone, string> = { info: 'i', warning: '!', danger: '×', success: '✓' };

interface NoticeProps {
  tone: NoticeTone;
  children: ReactNode;
  /** 'alert' interrupts a screen reader; use it only for things that need action now. */
  live?: 'polite' | 'assertive' | 'off';
  action?: ReactNode;
}

export function Notice({ tone, children, live = 'polite', action }: NoticeProps) {
  const role = live === 'assertive' ? 'alert' : live === 'polite' ? 'status' : undefined;
  return (
    <div className={`notice notice-${tone}`} role={role}>
      <span className="notice-glyph" aria-hidden="true">
        {GLYPH[tone]}
      </span>
      <div className="notice-body">{children}</div>
      {action ? <div className="notice-action">{action}</div> : null}
    </div>
  );
}
