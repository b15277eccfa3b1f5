import { authorizeRequest } from '@/lib/auth/guard';
import { newerLists, searchParamsRecord } from '@/lib/live/newer';
import { decodeCursor } from '@/lib/pagination';

export const dynamic = 'force-dynamic';

/**
 * How many rows a list's first page would now show above its first row (`since`, that row's cursor), with the page's
 * own filters from the query: `{ count, more }`, `more` when there are over 100. What the live list's "12 new — show"
 * banner asks; each list needs its page's permission.
 */
export async function GET(req: Request, { params }: { params: Promise<{ list: string }> }) {
  const { list } = await params;
  const spec = Object.hasOwn(newerLists, list) ? newerLists[list] : undefined;
  if (!spec) return Response.json({ error: `No list named ${list}` }, { status: 404 });
  const auth = await authorizeRequest(spec.permission);
  if ('response' in auth) return auth.response;
  const query = new URL(req.url).searchParams;
  const result = await spec.count(searchParamsRecord(query), decodeCursor(query.get('since') ?? undefined));
  return Response.json(result, { headers: { 'cache-control': 'no-store' } });
}
