import { db } from '@/db/client';
import { errorCategories } from '@/db/schema/enums';
import { authorizeRequest } from '@/lib/auth/guard';
import { countBulkRetry } from '@/lib/operations/bulk-retry';

export const dynamic = 'force-dynamic';

/** How many failed sends a retry could still fix (the bulk retry's preview and progress). */
export async function GET(req: Request) {
  const auth = await authorizeRequest('failures:view');
  if ('response' in auth) return auth.response;
  const raw = new URL(req.url).searchParams.get('category');
  const category = errorCategories.find((c) => c === raw);
  return Response.json({ remaining: await countBulkRetry(db, category) }, { headers: { 'cache-control': 'no-store' } });
}
