import { authorizeRequest, currentRole } from '@/lib/auth/guard';
import { liveListener } from '@/lib/live/hub';
import { liveStream } from '@/lib/live/stream';

export const dynamic = 'force-dynamic';

/**
 * The console's live changes as Server-Sent Events (lib/live/stream.ts): the topic and IDs of rows that changed, only
 * of the topics the user's role may view, never a row's content. Everyone signed in may open it.
 */
export async function GET(req: Request) {
  const auth = await authorizeRequest('dashboard:view');
  if ('response' in auth) return auth.response;
  const { user } = auth;
  return liveStream({
    listener: liveListener(),
    role: user.role,
    // The browser sends Last-Event-ID when it reconnects by itself; the console's own reconnect passes it in the URL.
    lastEventId: req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('lastEventId'),
    signal: req.signal,
    currentRole: () => currentRole(user.id),
  });
}
