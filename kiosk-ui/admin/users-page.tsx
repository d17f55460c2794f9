import { useCallback, useState } from 'preact/hooks';
import type { Role } from '../../contract/api.ts';
import type { StaffUserView } from '../../contract/staff-users-api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import { profileProblem, usernameProblem } from './staff-profile.ts';
import { useAdminList } from './use-admin-list.ts';

const ROLES: Role[] = ['staff', 'supervisor', 'admin'];

function ProfileRow({
  user,
  onSave,
}: {
  user: StaffUserView;
  onSave: (user: StaffUserView, name: string, number: string) => void;
}) {
  const { t } = useLang();
  const [name, setName] = useState(user.displayName ?? '');
  const [number, setNumber] = useState(user.staffNumber ?? '');
  return (
    <tr data-testid="user-row" data-username={user.username}>
      <td translate={false}>{user.username}</td>
      <td>{t(`role.${user.role}`)}</td>
      <td>
        <input
          aria-label={t('users.col.name')}
          value={name}
          maxLength={20}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </td>
      <td>
        <input
          aria-label={t('users.col.number')}
          value={number}
          maxLength={16}
          onInput={(e) => setNumber(e.currentTarget.value)}
        />
      </td>
      <td>
        <button type="button" class="action-button" onClick={() => onSave(user, name, number)}>
          {t('users.save')}
        </button>
      </td>
    </tr>
  );
}

/** The admin's staff accounts: add one, and set each clerk's name and 工号 for the rating screen. */
export function UsersPage({ api, role }: { api: ApiClient; role: Role }) {
  const { t } = useLang();
  const loadUsers = useCallback(async () => (await api.staffUsers()).users, [api]);
  const { items: users, refresh, message, setMessage, failed } = useAdminList<StaffUserView>(role, loadUsers);
  const [draft, setDraft] = useState({
    username: '',
    password: '',
    role: 'staff' as Role,
    name: '',
    number: '',
  });

  if (role !== 'admin') return <p class="note">{t('users.adminOnly')}</p>;

  const refuse = (key: MessageKey) => setMessage(t(key));
  const save = async (user: StaffUserView, name: string, number: string) => {
    const problem = profileProblem(name, number);
    if (problem) return refuse(problem);
    try {
      await api.setStaffProfile(user.id, { displayName: name.trim(), staffNumber: number.trim() });
      setMessage(t('users.saved', { user: user.username }));
      await refresh();
    } catch (err) {
      failed(err);
    }
  };
  const add = async () => {
    const problem =
      usernameProblem(draft.username) ??
      (draft.password.length < 8 ? 'users.invalid.password' : profileProblem(draft.name, draft.number));
    if (problem) return refuse(problem);
    try {
      await api.addStaffUser({
        username: draft.username,
        password: draft.password,
        role: draft.role,
        ...(draft.name.trim() ? { displayName: draft.name.trim() } : {}),
        ...(draft.number.trim() ? { staffNumber: draft.number.trim() } : {}),
      });
      setMessage(t('users.added', { user: draft.username }));
      setDraft({ username: '', password: '', role: 'staff', name: '', number: '' });
      await refresh();
    } catch (err) {
      failed(err);
    }
  };
  const field = (key: 'username' | 'password' | 'name' | 'number', label: MessageKey, type = 'text') => (
    <label>
      {t(label)}{' '}
      <input
        type={type}
        value={draft[key]}
        autoComplete="off"
        onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
      />
    </label>
  );

  return (
    <main>
      <section class="users" aria-labelledby="users-title" data-testid="users">
        <h2 id="users-title">{t('users.title')}</h2>
        <p class="note">{t('users.note')}</p>
        {message && (
          <p class="console-message" role="status" data-testid="users-message">
            {message}
          </p>
        )}
        <table class="queue-table users-table">
          <thead>
            <tr>
              <th scope="col">{t('users.col.username')}</th>
              <th scope="col">{t('users.col.role')}</th>
              <th scope="col">{t('users.col.name')}</th>
              <th scope="col">{t('users.col.number')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <ProfileRow
                key={`${u.id}:${u.displayName ?? ''}:${u.staffNumber ?? ''}`}
                user={u}
                onSave={save}
              />
            ))}
          </tbody>
        </table>
        <h3>{t('users.add.title')}</h3>
        <div class="pairing-form" data-testid="user-add">
          {field('username', 'users.username')}
          {field('password', 'users.password', 'password')}
          <label>
            {t('users.role')}{' '}
            <select
              value={draft.role}
              onChange={(e) => setDraft({ ...draft, role: e.currentTarget.value as Role })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          {field('name', 'users.name')}
          {field('number', 'users.number')}
          <button type="button" class="action-button" onClick={add}>
            {t('users.add')}
          </button>
        </div>
      </section>
    </main>
  );
}
