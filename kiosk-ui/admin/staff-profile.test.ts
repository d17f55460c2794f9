import assert from 'node:assert/strict';
import { test } from 'node:test';
import { profileProblem, usernameProblem } from './staff-profile.ts';

test('a name has no digits and at most 20 characters; a 工号 is capitals and digits with dashes between', () => {
  assert.equal(profileProblem('李晓红', '0123'), null);
  assert.equal(profileProblem('', ''), null, 'both may be left empty');
  assert.equal(profileProblem('Anna-Lena Meyer', 'A-07'), null);
  assert.equal(profileProblem('张三3', ''), 'users.invalid.name');
  assert.equal(profileProblem('名'.repeat(21), ''), 'users.invalid.name');
  assert.equal(profileProblem('张三', 'a12'), 'users.invalid.number');
  assert.equal(profileProblem('张三', '12--3'), 'users.invalid.number');
  assert.equal(profileProblem('张三', '1'.repeat(17)), 'users.invalid.number');
  assert.equal(usernameProblem('clerk2'), null);
  assert.equal(usernameProblem('Clerk'), 'users.invalid.username');
  assert.equal(usernameProblem('x'), 'users.invalid.username');
});
