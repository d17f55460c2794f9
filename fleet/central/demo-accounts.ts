/** The console accounts `npm start` creates on an empty demo database (the demo prints them). */
export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  displayName: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'jiancha', password: 'demo-jiancha-1', role: 'supervisor', displayName: '监察 王科长' },
  { username: 'yunwei', password: 'demo-yunwei-1', role: 'operator', displayName: '运维 李工' },
  { username: 'lingdao', password: 'demo-lingdao-1', role: 'viewer', displayName: '领导 张主任' },
  { username: 'admin', password: 'demo-admin-123', role: 'admin', displayName: '管理员' },
];
