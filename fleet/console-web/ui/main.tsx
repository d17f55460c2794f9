/** The central console's web app: login, then the pages the user's role may see. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type SessionInfo, setCsrf, whenLoggedOut } from './api.ts';
import { loadDirectory } from './directory.ts';
import { lang, setLang, t } from './i18n.ts';
import { AuditPage } from './pages/audit.tsx';
import { CaseDetailPage } from './pages/case-detail.tsx';
import { CasesPage } from './pages/cases.tsx';
import { fleetPage } from './pages/fleet/index.tsx';
import { KiosksPage } from './pages/kiosks.tsx';
import { PerformancePage } from './pages/performance.tsx';
import { RatingsPage } from './pages/ratings.tsx';
import { RectificationsPage } from './pages/rectifications.tsx';
import { SupervisionPage } from './pages/supervision.tsx';
import { TicketsPage } from './pages/tickets.tsx';
import { TodayPage } from './pages/today.tsx';
import { TrendsPage } from './pages/trends.tsx';
import { UsersPage } from './pages/users.tsx';
import { route } from './router.ts';
import { useSignal } from './signal.ts';
import './console.css';

function Login(props: { onIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <main class="login">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await api('/api/login', { method: 'POST', body: { username, password } });
            props.onIn();
          } catch (err) {
            setError(err instanceof ApiError && err.status === 429 ? t('throttled') : t('loginFailed'));
          }
        }}
      >
        <h1>{t('appTitle')}</h1>
        <label>
          <span>{t('username')}</span>
          <input
            name="username"
            autocomplete="username"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{t('password')}</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="primary">
          {t('login')}
        </button>
        {error ? (
          <p class="error" role="alert" data-testid="login-error">
            {error}
          </p>
        ) : null}
        <LangToggle />
      </form>
    </main>
  );
}

function LangToggle() {
  const l = useSignal(lang);
  return (
    <button type="button" class="lang" onClick={() => setLang(l === 'zh' ? 'en' : 'zh')}>
      {l === 'zh' ? 'English' : '中文'}
    </button>
  );
}

function Page(props: { session: SessionInfo }) {
  const r = useSignal(route);
  const allowed = (path: string) => props.session.pages.some((p) => p.path === path);
  const caseMatch = /^\/case\/([^/]+)\/([^/]+)$/.exec(r.path);
  if (caseMatch && allowed('/cases'))
    return (
      <CaseDetailPage centre={decodeURIComponent(caseMatch[1]!)} caseId={decodeURIComponent(caseMatch[2]!)} />
    );
  const fleet = fleetPage(r, props.session);
  if (fleet) return fleet;
  if (!allowed(r.path)) {
    const first = props.session.pages[0];
    if (first && r.path === '/today') location.hash = `#${first.path}`;
    return <p class="error">{lang.get() === 'zh' ? '无权查看此页面' : 'Your role cannot see this page'}</p>;
  }
  switch (r.path) {
    case '/today':
      return <TodayPage query={r.query} />;
    case '/trends':
      return <TrendsPage query={r.query} />;
    case '/tickets':
      return <TicketsPage query={r.query} />;
    case '/cases':
      return <CasesPage query={r.query} />;
    case '/ratings':
      return <RatingsPage query={r.query} />;
    case '/rectifications':
      return (
        <RectificationsPage query={r.query} canAct={props.session.permissions.includes('supervision.act')} />
      );
    case '/supervision':
      return (
        <SupervisionPage query={r.query} canAct={props.session.permissions.includes('supervision.act')} />
      );
    case '/performance':
      return (
        <PerformancePage query={r.query} canEdit={props.session.permissions.includes('standards.edit')} />
      );
    case '/kiosks':
      return <KiosksPage />;
    case '/audit':
      return <AuditPage query={r.query} />;
    case '/users':
      return <UsersPage />;
    default:
      return <p class="error">?</p>;
  }
}

function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const l = useSignal(lang);
  const r = useSignal(route);
  const refresh = async () => {
    try {
      const s = await api<SessionInfo>('/api/session');
      setCsrf(s.csrfToken);
      await loadDirectory();
      setSession(s);
    } catch {
      setSession(null);
    }
  };
  useEffect(() => {
    whenLoggedOut(() => setSession(null));
    void refresh();
  }, []);
  if (session === undefined) return <p class="loading">{t('loading')}</p>;
  if (session === null) return <Login onIn={refresh} />;
  return (
    <div class="shell" key={l}>
      <header>
        <strong>{t('appTitle')}</strong>
        <nav>
          {session.pages.map((p) => (
            <a
              key={p.path}
              href={`#${p.path}`}
              class={r.path === p.path ? 'active' : ''}
              aria-current={r.path === p.path ? 'page' : undefined}
            >
              {l === 'zh' ? p.title.zh : p.title.en}
            </a>
          ))}
        </nav>
        <span class="who" data-testid="who">
          {session.displayName} · {l === 'zh' ? session.roleName.zh : session.roleName.en}
        </span>
        <LangToggle />
        <button
          type="button"
          onClick={async () => {
            await api('/api/logout', { method: 'POST' }).catch(() => {});
            setSession(null);
          }}
        >
          {t('logout')}
        </button>
      </header>
      <main>
        <Page session={session} />
      </main>
    </div>
  );
}

document.documentElement.lang = lang.get() === 'zh' ? 'zh-CN' : 'en';
render(<App />, document.getElementById('app')!);
