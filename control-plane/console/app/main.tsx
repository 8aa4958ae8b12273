// Browser entry: language, API client, the CSP nonce the server put in index.html, then React.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../api/client.ts';
import { createConsoleI18n } from '../i18n/i18n.ts';
import { browserStorage, initialLanguage } from '../i18n/language.ts';
import { App } from './App.tsx';
import './styles.css';

const i18n = createConsoleI18n(initialLanguage(browserStorage()));
let expire: () => void = () => undefined;
const api = createApiClient({ language: () => i18n.language, onUnauthorized: () => expire() });
const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App
        api={api}
        i18n={i18n}
        nonce={nonce && nonce !== '__CSP_NONCE__' ? nonce : undefined}
        registerExpiry={(fn) => {
          expire = fn;
        }}
      />
    </StrictMode>,
  );
