import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { roles } from '@/db/schema/enums';
import { permissions, rolePermissions } from '../rules/permissions';

// SECURITY.md shows who may do what; this keeps the document and the code from drifting apart.
describe('the role table in SECURITY.md', () => {
  it('is exactly lib/rules/permissions.ts', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'SECURITY.md'), 'utf8');
    const table = /<!-- permissions-table:start -->\n([\s\S]*?)\n<!-- permissions-table:end -->/.exec(doc)?.[1];
    const expected = [
      `| permission | ${roles.join(' | ')} |`,
      `|---|${roles.map(() => ':-:').join('|')}|`,
      ...permissions.map(
        (p) => `| \`${p}\` | ${roles.map((r) => (rolePermissions[r].has(p) ? 'yes' : '—')).join(' | ')} |`,
      ),
    ].join('\n');
    expect(table).toBe(expected);
  });
});
