import { useCallback, useEffect, useState } from 'preact/hooks';
import type { LoginRequest, SessionView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { ConnectionBanner } from '../shared/connection-banner.tsx';
import { useLang } from '../shared/lang.ts';
import { LanguageButton } from '../shared/lang-button.tsx';
import type { StateStream } from '../shared/state-stream.ts';
import { CaseBoard } from './case-board.tsx';
import { ConfigPage } from './config-page.tsx';
import { CounterConsole } from './console.tsx';
import { DevicesPage } from './devices-page.tsx';
import { Login } from './login.tsx';
import { NoticesPage } from './notices-page.tsx';
import { PairingPanel } from './pairing-panel.tsx';
import { RectificationsPage } from './rectifications-page.tsx';
import { ReportPage } from './report-page.tsx';
import { UsersPage } from './users-page.tsx';

type SessionStatus =
  | { kind: 'checking' }
  | { kind: 'signed-out' }
  | { kind: 'signed-in'; session: SessionView };
const TABS = [
  'console',
  'cases',
  'notices',
  'rectifications',
  'report',
  'devices',
  'config',
  'users',
] as const;
type Tab = (typeof TABS)[number];

export function AdminApp({ api, stream }: { api: ApiClient; stream: StateStream }) {
  const { t } = useLang();
  const live = stream.live.value;
  const [status, setStatus] = useState<SessionStatus>({ kind: 'checking' });
  const [tab, setTab] = useState<Tab>('console');

  useEffect(() => {
    api.getSession().then(
      (session) => setStatus(session ? { kind: 'signed-in', session } : { kind: 'signed-out' }),
      () => setStatus({ kind: 'signed-out' }),
    );
  }, [api]);

  const login = async (req: LoginRequest): Promise<string | null> => {
    try {
      setStatus({ kind: 'signed-in', session: await api.login(req) });
      return null;
    } catch (err) {
      return apiErrorText(t, err, 'staff');
    }
  };

  const signedOut = useCallback(() => setStatus({ kind: 'signed-out' }), []);

  const logout = async () => {
    try {
      await api.logout();
    } catch {
      // the server may already have dropped the session; signing out locally is what matters
    }
    setStatus({ kind: 'signed-out' });
  };

  const langButton = <LanguageButton className="link-button" />;

  if (status.kind !== 'signed-in') {
    return (
      <div class="admin">
        <ConnectionBanner connected={live.connected} />
        <div class="login-lang">{langButton}</div>
        {status.kind === 'checking' ? (
          <main class="loading">{t('common.loading')}</main>
        ) : (
          <Login onLogin={login} />
        )}
      </div>
    );
  }

  return (
    <div class="admin">
      <ConnectionBanner connected={live.connected} />
      <header class="admin-topbar">
        <h1>{t('app.admin.title')}</h1>
        <nav class="tabs">
          {TABS.filter((name) => name !== 'users' || status.session.role === 'admin').map((name) => (
            <button
              key={name}
              type="button"
              class="tab"
              aria-current={tab === name ? 'page' : undefined}
              data-testid={`tab-${name}`}
              onClick={() => setTab(name)}
            >
              {t(`admin.tab.${name}`)}
            </button>
          ))}
        </nav>
        <span class="who">
          <span translate={false}>{status.session.username}</span>
          {t('admin.role', { role: t(`role.${status.session.role}`) })}
        </span>
        {langButton}
        <button type="button" class="link-button" onClick={logout}>
          {t('admin.logout')}
        </button>
      </header>
      {tab === 'console' && (
        <CounterConsole api={api} stream={stream} state={live.state} onUnauthorised={signedOut} />
      )}
      {tab === 'cases' && (
        <CaseBoard
          api={api}
          stream={stream}
          services={live.state?.services ?? []}
          onUnauthorised={signedOut}
        />
      )}
      {tab === 'notices' && <NoticesPage api={api} />}
      {tab === 'rectifications' && <RectificationsPage api={api} services={live.state?.services ?? []} />}
      {tab === 'report' && (
        <ReportPage api={api} services={live.state?.services ?? []} counters={live.state?.counters ?? []} />
      )}
      {tab === 'devices' && (
        <main>
          <DevicesPage state={live.state} now={Date.now()} />
          <PairingPanel api={api} role={status.session.role} counters={live.state?.counters ?? []} />
        </main>
      )}
      {tab === 'config' && <ConfigPage state={live.state} />}
      {tab === 'users' && <UsersPage api={api} role={status.session.role} />}
    </div>
  );
}
