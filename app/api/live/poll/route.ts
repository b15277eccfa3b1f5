import { authorizeRequest } from '@/lib/auth/guard';
import { liveListener } from '@/lib/live/hub';
import { pollChanges } from '@/lib/live/stream';

export const dynamic = 'force-dynamic';

/**
 * The same changes as /api/live, for a browser whose stream cannot be opened (a proxy that buffers it): those after
 * `cursor`, and the cursor to ask with next. Without a cursor, none: just where to start.
 */
export async function GET(req: Request) {
  const auth = await authorizeRequest('dashboard:view');
  if ('response' in auth) return auth.response;
  const cursor = new URL(req.url).searchParams.get('cursor');
  return Response.json(pollChanges(liveListener(), auth.user.role, cursor), {
    headers: { 'cache-control': 'no-store' },
  });
}
