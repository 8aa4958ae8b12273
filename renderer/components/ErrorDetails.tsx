interface ErrorDetailsProps {
  code: string;
  message: string;
  fix?: string | undefined;
  codeLabel: string;
  fixLabel: string;
}

// The code is printed as text so a person can read it out to IT support.
export function ErrorDetails({ code, message, fix, codeLabel, fixLabel }: ErrorDetailsProps) {
  return (
    <div className="error-details">
      <p className="error-message">{message}</p>
      <dl className="facts">
        <div>
          <dt>{codeLabel}</dt>
          <dd>
            <code data-testid="error-code">{code}</code>
          </dd>
        </div>
        {fix ? (
          <div>
            <dt>{fixLabel}</dt>
            <dd data-testid="error-fix">{fix}</dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}
