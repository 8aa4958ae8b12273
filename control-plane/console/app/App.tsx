// The console root: antd's theme and locale (following the console language), the CSP nonce
// for antd's generated styles, the session, and the routes.
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { i18n as I18n } from 'i18next';
import { Suspense, useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import type { ApiClient } from '../api/client.ts';
import { PageLoading } from '../components/PageLoading.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { pages } from './routes.tsx';
import { useAdmin, useSession, SessionProvider } from './session.tsx';
import { Shell } from './Shell.tsx';
import { SignInPage } from './SignInPage.tsx';
import { defaultTenant, tenantPath } from './tenant.tsx';

export interface AppProps {
  api: ApiClient;
  i18n: I18n;
  registerExpiry: (expire: () => void) => void;
  nonce?: string;
  /** Tests use a memory router; the browser uses /console. */
  basename?: string;
}

function StartPage() {
  const admin = useAdmin();
  const tenant = defaultTenant(admin, undefined);
  if (admin.role === 'platform_admin' && !tenant) return <Navigate to="/tenants" replace />;
  return <Navigate to={tenant ? tenantPath(tenant, 'sources') : '/password'} replace />;
}

function Gate() {
  const { state } = useSession();
  const location = useLocation();
  if (state.kind === 'loading') return <PageLoading />;
  if (state.kind === 'signed-out') {
    if (location.pathname === '/sign-in') return <SignInPage expired={state.expired} />;
    const back = `${location.pathname}${location.search}`;
    return (
      <Navigate
        to={state.keepPlace ? `/sign-in?next=${encodeURIComponent(back)}` : '/sign-in'}
        replace
      />
    );
  }
  return (
    <Routes>
      <Route path="/sign-in" element={<SignedInAlready />} />
      <Route element={<Shell />}>
        <Route index element={<StartPage />} />
        {pages.map((page) => (
          <Route key={page.path} path={page.path} element={<page.component />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** After sign-in: go where the admin was headed (only paths inside the console). */
function SignedInAlready() {
  const next = new URLSearchParams(useLocation().search).get('next');
  const safe = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  return <Navigate to={safe === '/sign-in' ? '/' : safe} replace />;
}

function Themed(props: AppProps) {
  const { i18n } = useTranslation();
  const [language, setLanguage] = useState(i18n.language);
  useEffect(() => {
    const changed = (lng: string) => {
      setLanguage(lng);
      document.documentElement.lang = lng;
    };
    changed(i18n.language);
    i18n.on('languageChanged', changed);
    return () => i18n.off('languageChanged', changed);
  }, [i18n]);
  return (
    <ConfigProvider
      locale={language === 'zh-CN' ? zhCN : enUS}
      csp={props.nonce ? { nonce: props.nonce } : undefined}
      // "登录", not "登 录": the accessible name is the word as written.
      button={{ autoInsertSpace: false }}
      theme={{
        // Secondary and hint text darker than antd's defaults: WCAG AA contrast (axe checks).
        token: {
          colorPrimary: '#1456f0',
          colorError: '#cf1322',
          colorLink: '#1456f0',
          colorTextSecondary: '#595959',
          colorTextTertiary: '#595959',
          colorTextDescription: '#595959',
          colorTextPlaceholder: '#6b6b6b',
        },
      }}
    >
      <AntApp>
        <SessionProvider api={props.api} registerExpiry={props.registerExpiry}>
          <BrowserRouter basename={props.basename ?? '/console'}>
            <Suspense fallback={<PageLoading />}>
              <Gate />
            </Suspense>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App(props: AppProps) {
  return (
    <I18nextProvider i18n={props.i18n}>
      <Themed {...props} />
    </I18nextProvider>
  );
}
