/** User management (admins): list, add with a role, disable or enable, set a new password. */
import { useState } from 'preact/hooks';
import {
  centralAdminPaths,
  type NewUserRequest,
  type UserChangeRequest,
  type UserListResponse,
} from '../../../../contract/central-admin-api.ts';
import { ApiError, api } from '../api.ts';
import { DataTable, Loading, useApi } from '../components.tsx';
import { t } from '../i18n.ts';

const ROLES = [
  { value: 'supervisor', label: '监察 supervisor' },
  { value: 'operator', label: '运维 operator' },
  { value: 'viewer', label: '领导 viewer' },
  { value: 'admin', label: '管理员 admin' },
];

export function UsersPage() {
  const { data, error, reload } = useApi<UserListResponse>(centralAdminPaths.users);
  const [form, setForm] = useState<NewUserRequest>({
    username: '',
    displayName: '',
    role: 'viewer',
    password: '',
  });
  const [message, setMessage] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await fn();
      reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <section>
      <h1>用户管理 · Users</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await api(centralAdminPaths.users, { method: 'POST', body: form });
            setForm({ username: '', displayName: '', role: 'viewer', password: '' });
          });
        }}
      >
        <label>
          <span>{t('username')}</span>
          <input
            value={form.username}
            onInput={(e) => setForm({ ...form, username: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{t('displayName')}</span>
          <input
            value={form.displayName}
            onInput={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{t('role')}</span>
          <select
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.currentTarget.value as NewUserRequest['role'] })}
          >
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('password')}</span>
          <input
            type="password"
            autocomplete="new-password"
            value={form.password}
            onInput={(e) => setForm({ ...form, password: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="primary">
          {t('addUser')}
        </button>
        {message ? (
          <span class="error" role="alert">
            {message}
          </span>
        ) : null}
      </form>
      {!data ? (
        <Loading error={error} />
      ) : (
        <DataTable
          testId="users-table"
          rowKey={(r) => r.username}
          rows={data.rows}
          columns={[
            { key: 'username', label: t('username'), value: (r) => r.username },
            { key: 'name', label: t('displayName'), value: (r) => r.display_name },
            {
              key: 'role',
              label: t('role'),
              value: (r) => ROLES.find((x) => x.value === r.role)?.label ?? r.role,
            },
            {
              key: 'disabled',
              label: t('state'),
              value: (r) => (r.disabled ? 1 : 0),
              render: (r) => (
                <button
                  type="button"
                  onClick={() =>
                    act(() =>
                      api(centralAdminPaths.user(r.username), {
                        method: 'PATCH',
                        body: { disabled: !r.disabled } satisfies UserChangeRequest,
                      }),
                    )
                  }
                >
                  {r.disabled ? `${t('disabled')} ↺` : '✓'}
                </button>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
