import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api-client.ts';
import { App } from './App.tsx';
import './styles.css';

const root = document.getElementById('root');
// window.gatehouse is absent only if the preload (or the bridge's shim) failed: the app then
// shows the "cannot reach its background service" screen instead of a blank window.
const api = createApiClient((window as Partial<Window>).gatehouse);
if (root)
  createRoot(root).render(
    <StrictMode>
      <App api={api} />
    </StrictMode>,
  );
