import { notFound, redirect } from 'next/navigation';
import { describe, expect, it, vi } from 'vitest';

// The frame around every server action, with the caller stubbed: who is signed in is not what is tested here.
vi.mock('server-only', () => ({}));
vi.mock('@/lib/auth/guard', () => ({
  getCurrentUser: async () => ({ id: 'u1', email: 'support@example.test', name: 'Support', role: 'support' }),
}));
vi.mock('@/lib/log', () => ({ log: { info: () => {}, error: () => {}, warn: () => {} } }));
// Stand-ins the work must receive as they are: the app's database, pool and queue.
const app = vi.hoisted(() => ({ db: { name: 'db' }, pool: { name: 'pool' }, boss: { name: 'boss' }, bossDown: false }));
vi.mock('@/lib/jobs/client', () => ({
  getBoss: async () => {
    if (app.bossDown) throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
    return app.boss;
  },
}));
vi.mock('@/db/client', () => ({ db: app.db, getPool: () => app.pool }));

const { runAction } = await import('./index');

describe('runAction', () => {
  it("lets Next.js's redirect() and notFound() through instead of reporting them as failures", async () => {
    await expect(runAction('documents:view', async () => redirect('/documents'))).rejects.toMatchObject({
      digest: expect.stringContaining('NEXT_REDIRECT'),
    });
    await expect(runAction('documents:view', async () => notFound())).rejects.toMatchObject({
      digest: expect.stringContaining('NEXT_HTTP_ERROR_FALLBACK;404'),
    });
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

  it('hands the work the caller and the dependencies its domain operation takes', async () => {
    const work = vi.fn(async () => ({ ok: true as const, data: 1 }));
    expect(await runAction('documents:view', work)).toEqual({ ok: true, data: 1 });
    expect(work).toHaveBeenCalledTimes(1);
    expect(work).toHaveBeenCalledWith(expect.objectContaining({ id: 'u1', role: 'support' }), {
      db: app.db,
      pool: app.pool,
      boss: app.boss,
    });
  });

  it('reports dependencies that cannot be had (the queue cannot start) like any other failure, without doing the work', async () => {
    app.bossDown = true;
    try {
      const work = vi.fn();
      const result = await runAction('documents:view', work);
      expect(result).toEqual({ ok: false, error: expect.stringContaining('Nothing was changed') });
      expect(JSON.stringify(result)).not.toContain('10.0.0.5');
      expect(work).not.toHaveBeenCalled();
    } finally {
      app.bossDown = false;
    }
  });
});
