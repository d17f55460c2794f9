/**
 * Who may do what in the central console. 监察 supervisors supervise and act on 差评 and cards;
 * 运维 operators run the fleet and see no supervision acts; 领导 leaders see the figures and
 * cases and change nothing; admins do everything, including users.
 */
export const ROLES = ['supervisor', 'operator', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  supervisor: { zh: '监察', en: 'Supervisor' },
  operator: { zh: '运维', en: 'Operator' },
  viewer: { zh: '领导', en: 'Leader (view only)' },
  admin: { zh: '管理员', en: 'Administrator' },
};

export const PERMISSIONS = [
  /** Today's picture and trends of every centre. */
  'overview.view',
  /** Cases, their timelines, supervision levels. */
  'cases.view',
  /** Ratings and their rectifications. */
  'ratings.view',
  /** Acts of supervision: rectification replies, 回访, reassignment, escalation, cards and notices. */
  'supervision.act',
  /** Kiosk health, alerts, commands. */
  'fleet.view',
  'fleet.act',
  'audit.view',
  'users.manage',
  /** Saving a new version of the 绩效评估 scoring standard (admins only). */
  'standards.edit',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  supervisor: ['overview.view', 'cases.view', 'ratings.view', 'supervision.act'],
  operator: ['overview.view', 'fleet.view', 'fleet.act'],
  viewer: ['overview.view', 'cases.view', 'ratings.view', 'fleet.view'],
  admin: PERMISSIONS,
};

export const isRole = (v: unknown): v is Role =>
  typeof v === 'string' && (ROLES as readonly string[]).includes(v);

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return [...GRANTS[role]];
}
