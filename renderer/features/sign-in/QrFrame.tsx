// Under the browser bridge only: the control plane's QR page in a sandboxed frame (in Electron,
// main shows it in its own sandboxed view). Only an http(s) URL is framed.
// A link to the same page in a new tab is offered too, for a browser whose policy refuses
// the frame.
export function QrFrame({
  url,
  title,
  linkText,
}: {
  url: string;
  title: string;
  linkText: string;
}) {
  let safe: string | undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') safe = parsed.href;
  } catch {
    safe = undefined;
  }
  if (!safe) return null;
  return (
    <>
      <iframe
        className="qr-frame"
        src={safe}
        title={title}
        sandbox="allow-scripts allow-same-origin allow-forms"
        referrerPolicy="no-referrer"
      />
      <a href={safe} target="_blank" rel="noopener noreferrer">
        {linkText}
      </a>
    </>
  );
}
