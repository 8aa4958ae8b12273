import { useEffect, useRef, type ReactNode } from 'react';

// Each screen's title takes the focus when the screen appears, so keyboard and screen-reader
// users land at its start and hear what changed.
export function ScreenHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
