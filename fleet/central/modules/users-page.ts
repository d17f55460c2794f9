/** User management for admins; every change audited (never the password itself). */
import {
  centralAdminPaths,
  type NewUserRequest,
  type PasswordRequest,
  type UserChangeRequest,
  type UserListResponse,
} from '../../../contract/central-admin-api.ts';
import { type ConsoleModule, HttpError } from '../module.ts';
import type { PasswordHasher } from '../passwords.ts';
import { addUser, listUsers, setPassword, UserError, updateUser } from '../users.ts';

const asText = (v: unknown): string => (typeof v === 'string' ? v : '');

async function userErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UserError) throw new HttpError(err.status, err.code, err.message);
    throw err;
  }
}

export function usersModule(hasher: PasswordHasher): ConsoleModule {
  return {
    id: 'users',
    pages: [{ path: '/users', permission: 'users.manage', title: { zh: '用户管理', en: 'Users' } }],
    routes: () => [
      {
        method: 'GET',
        url: centralAdminPaths.users,
        permission: 'users.manage',
        async handler(req) {
          const body: UserListResponse = { rows: await listUsers(req.db) };
          return { body };
        },
      },
      {
        method: 'POST',
        url: centralAdminPaths.users,
        permission: 'users.manage',
        audit: 'user.add',
        async handler(req) {
          // Read field by field (a field of the wrong type reads as empty and is refused by addUser).
          const b = (req.body ?? {}) as Partial<Record<keyof NewUserRequest, unknown>>;
          const user = await userErrors(() =>
            addUser(req.db, hasher, {
              username: asText(b.username),
              displayName: asText(b.displayName),
              role: asText(b.role),
              password: asText(b.password),
            }),
          );
          return { status: 201, body: user, audit: { target: user.username, detail: { role: user.role } } };
        },
      },
      {
        method: 'POST',
        url: '/api/users/:username/password',
        permission: 'users.manage',
        audit: 'user.password',
        async handler(req) {
          const b = (req.body ?? {}) as Partial<Record<keyof PasswordRequest, unknown>>;
          await userErrors(() => setPassword(req.db, hasher, req.params.username!, asText(b.password)));
          return { audit: { target: req.params.username } };
        },
      },
      {
        method: 'PATCH',
        url: '/api/users/:username',
        permission: 'users.manage',
        audit: 'user.change',
        async handler(req) {
          const b = (req.body ?? {}) as Partial<Record<keyof UserChangeRequest, unknown>>;
          if (
            req.params.username === req.user.username &&
            (b.disabled === true || (b.role && b.role !== 'admin'))
          )
            throw new HttpError(409, 'user.self', 'an admin cannot lock themselves out');
          const change: { role?: string; disabled?: boolean } = {
            ...(typeof b.role === 'string' ? { role: b.role } : {}),
            ...(typeof b.disabled === 'boolean' ? { disabled: b.disabled } : {}),
          };
          await userErrors(() => updateUser(req.db, req.params.username!, change));
          return { audit: { target: req.params.username, detail: change } };
        },
      },
    ],
  };
}
