/**
 * The admin's staff accounts: list them, add one (name and 工号 optional), and set a clerk's name
 * and 工号 as the counter's rating screen shows them. Password hashes never leave StaffAuth.
 */
import {
  CreateStaffUserRequest,
  StaffUserList,
  StaffUserView,
  staffUserPaths,
  UpdateStaffProfileRequest,
} from '../../contract/staff-users-api.ts';
import { ApplianceError } from '../core/errors.ts';
import type { UserRecord } from '../store/records.ts';
import type { RouteContext } from './routes.ts';
import type { StaffAuth } from './staff-auth.ts';

function userView(u: UserRecord): StaffUserView {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    ...(u.displayName ? { displayName: u.displayName } : {}),
    ...(u.staffNumber ? { staffNumber: u.staffNumber } : {}),
  };
}

export function registerStaffUserRoutes(ctx: RouteContext, auth: StaffAuth): void {
  const { app, staff, core } = ctx;
  const staffNumberTaken = (staffNumber: string | undefined, exceptId?: string) =>
    staffNumber !== undefined &&
    staffNumber !== '' &&
    auth.users().some((u) => u.staffNumber === staffNumber && u.id !== exceptId);
  const refuseTaken = (staffNumber: string) => {
    throw new ApplianceError('user.staff-number-taken', `staff number ${staffNumber} is someone else's`, 409);
  };

  app.get(staffUserPaths.users, { schema: { response: { 200: StaffUserList } } }, (req) => {
    staff(req, false, 'admin');
    return { users: auth.users().map(userView) };
  });

  app.post<{ Body: CreateStaffUserRequest }>(
    staffUserPaths.users,
    { schema: { body: CreateStaffUserRequest, response: { 201: StaffUserView } } },
    async (req, reply) => {
      const session = staff(req, true, 'admin');
      const { username, password, role } = req.body;
      const displayName = req.body.displayName?.trim();
      if (staffNumberTaken(req.body.staffNumber)) refuseTaken(req.body.staffNumber ?? '');
      await auth.addUser(username, password, role, {
        ...(displayName ? { displayName } : {}),
        ...(req.body.staffNumber ? { staffNumber: req.body.staffNumber } : {}),
      });
      core.log.add('info', 'staff', `${session.username} added the ${role} account ${username}`);
      const made = auth.users().find((u) => u.username === username);
      return reply.code(201).send(made ? userView(made) : undefined);
    },
  );

  app.put<{ Params: { id: string }; Body: UpdateStaffProfileRequest }>(
    `${staffUserPaths.users}/:id`,
    { schema: { body: UpdateStaffProfileRequest, response: { 200: StaffUserView } } },
    async (req) => {
      const session = staff(req, true, 'admin');
      const { id } = req.params;
      if (staffNumberTaken(req.body.staffNumber, id)) refuseTaken(req.body.staffNumber);
      const profile = { displayName: req.body.displayName.trim(), staffNumber: req.body.staffNumber };
      if (!(await auth.setProfile(id, profile))) {
        throw new ApplianceError('user.unknown', `no staff account '${id}'`, 404);
      }
      const user = auth.users().find((u) => u.id === id);
      core.log.add(
        'info',
        'staff',
        `${session.username} set the name and staff number of ${user?.username ?? id}`,
      );
      if (!user) throw new ApplianceError('user.unknown', `no staff account '${id}'`, 404);
      return userView(user);
    },
  );
}
