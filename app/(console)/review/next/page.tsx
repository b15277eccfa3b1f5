import { redirect } from 'next/navigation';
import { getNextReviewDocumentId } from '@/db/queries/review';
import { requirePermission } from '@/lib/auth/guard';

/** Finance's "next": the oldest document waiting for review that nobody else holds. */
export default async function NextReviewPage() {
  const user = await requirePermission('review:view');
  const id = await getNextReviewDocumentId(user.id);
  redirect(id ? `/review/${id}` : '/review?cleared=1');
}
