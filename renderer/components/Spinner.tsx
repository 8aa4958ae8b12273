// Decorative: the text beside it says what is happening (and reduced motion stops it, in CSS).
export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}
