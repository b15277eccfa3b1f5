import { notFound, redirect } from 'next/navigation';
import { describe, expect, it, vi } from 'vitest';

// The frame around every server action, with the caller stubbed: who is signed in is not what is tested here.
vi.mock('server-only', () => ({}));
vi.mock('@/lib/auth/guard', () => ({ getCurrentUser: async () => ({ id: 'u1', email: 'support@example.test', name: 'Support', role: 'support' }) }));
vi.mock('@/lib/log', () => ({ log: { info: () => {}, error: () => {}, warn: () => {} } }));
vi.mock('@/lib/jobs/client', () => ({ getBoss: async () => ({}) }));
vi.mock('@/db/client', () => ({ getPool: () => ({}) }));

const { runAction } = await import('./actions');

describe('runAction', () => {
  it("lets Next.js's redirect() and notFound() through instead of reporting them as failures", async () => {
    await expect(runAction('documents:view', async () => redirect('/documents'))).rejects.toMatchObject({ digest: expect.stringContaining('NEXT_REDIRECT') });
    await expect(runAction('documents:view', async () => notFound())).rejects.toMatchObject({ digest: expect.stringContaining('NEXT_HTTP_ERROR_FALLBACK;404') });
  });

  it('turns any other error into a result that says nothing internal', async () => {
    const result = await runAction('documents:view', async () => {
      throw new Error('connection refused at 10.0.0.5:5432');
    });
    expect(result).toEqual({ ok: false, error: expect.stringContaining('Nothing was changed') });
    expect(JSON.stringify(result)).not.toContain('10.0.0.5');
  });

  it('refuses a permission the role does not have before doing any work', async () => {
    const work = vi.fn();
    expect(await runAction('settings:manage', work)).toEqual({ ok: false, error: 'Your role does not allow this.' });
    expect(work).not.toHaveBeenCalled();
  });
});
