/**
 * The appliance's staff accounts, kept by its admin: who may sign in at the counters, and the name
 * and 工号 (staff number) a counter's rating screen shows for the clerk serving there.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Role } from './api.ts';

export const staffUserPaths = {
  users: '/api/staff/users',
  user: (id: string) => `/api/staff/users/${encodeURIComponent(id)}`,
} as const;

/** Patterns (Unicode regular expressions) the screens check too, before they send. */
export const staffPatterns = {
  /** 2–32 characters: lower-case letters, digits, `.`, `_`, `-`, starting with a letter. */
  username: '^[a-z][a-z0-9._-]{1,31}$',
  /** A person's name as on the counter's name plate: 1–20 characters, no digits or control characters. */
  displayName: '^[^\\d\\p{Cc}]{1,20}$',
  /** A 工号: up to 16 digits or capital letters, with dashes between. */
  staffNumber: '^(?=.{1,16}$)[0-9A-Z]+(-[0-9A-Z]+)*$',
} as const;

export const StaffDisplayName = Type.String({ pattern: staffPatterns.displayName });
export const StaffNumber = Type.String({ pattern: staffPatterns.staffNumber });

export const StaffUserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: Role,
  displayName: Type.Optional(Type.String()),
  staffNumber: Type.Optional(Type.String()),
});
export type StaffUserView = Static<typeof StaffUserView>;

export const StaffUserList = Type.Object({ users: Type.Array(StaffUserView) });
export type StaffUserList = Static<typeof StaffUserList>;

export const CreateStaffUserRequest = Type.Object(
  {
    username: Type.String({ pattern: staffPatterns.username }),
    password: Type.String({ minLength: 8, maxLength: 200 }),
    role: Role,
    displayName: Type.Optional(StaffDisplayName),
    staffNumber: Type.Optional(StaffNumber),
  },
  { additionalProperties: false },
);
export type CreateStaffUserRequest = Static<typeof CreateStaffUserRequest>;

/** Sets the name and 工号; an empty string clears one. */
export const UpdateStaffProfileRequest = Type.Object(
  {
    displayName: Type.Union([StaffDisplayName, Type.Literal('')]),
    staffNumber: Type.Union([StaffNumber, Type.Literal('')]),
  },
  { additionalProperties: false },
);
export type UpdateStaffProfileRequest = Static<typeof UpdateStaffProfileRequest>;
