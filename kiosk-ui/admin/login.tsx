import { useState } from 'preact/hooks';
import type { LoginRequest } from '../../contract/api.ts';
import { useLang } from '../shared/lang.ts';

export function Login({ onLogin }: { onLogin: (req: LoginRequest) => Promise<string | null> }) {
  const { t } = useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    const failure = await onLogin({ username, password });
    setBusy(false);
    if (failure) {
      setError(failure);
      setPassword('');
    }
  };

  return (
    <main class="login">
      <form class="login-form" onSubmit={submit}>
        <h1>{t('admin.login.title')}</h1>
        <label for="username">{t('admin.login.username')}</label>
        <input
          id="username"
          name="username"
          autocomplete="username"
          required
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <label for="password">{t('admin.login.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {error && (
          <p class="form-error" role="alert" data-testid="login-error">
            {t('admin.login.failed', { message: error })}
          </p>
        )}
        <button type="submit" class="primary-button" disabled={busy}>
          {t('admin.login.submit')}
        </button>
      </form>
    </main>
  );
}
