export type ConnectionTone = 'online' | 'offline' | 'revoked' | 'connecting';

const SHAPE: Record<ConnectionTone, string> = {
  online: '●',
  offline: '○',
  revoked: '⊘',
  connecting: '◌',
};

// Shape and text carry the state; colour only repeats it.
export function StatusBadge({ tone, label }: { tone: ConnectionTone; label: string }) {
  return (
    <span className={`badge badge-${tone}`} data-state={tone}>
      <span className="badge-shape" aria-hidden="true">
        {SHAPE[tone]}
      </span>
      {label}
    </span>
  );
}
