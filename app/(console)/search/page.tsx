import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { searchById } from '@/db/queries/search';
import { hrefOf } from './href';
import { requirePermission } from '@/lib/auth/guard';
import { single, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Search' };

export default async function SearchPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePermission('documents:view');
  const q = single((await searchParams).q)?.slice(0, 200) ?? '';
  const hits = q ? await searchById(q) : [];
  if (hits.length === 1) redirect(hrefOf(hits[0]!));
  return (
    <>
      <PageHeader
        title="Search"
        description="Any ID: source ID, exdata ID, GoRoute transaction ID, request ID, delivery or event ID, idempotency key, invoice number, participant ID."
      />
      {q === '' ? null : hits.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white p-4">
          Nothing has the ID <span className="font-mono">{q}</span>. IDs match exactly; check for a missing prefix such
          as <span className="font-mono">doc_</span> or <span className="font-mono">txn_</span>.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {hits.map((h) => (
            <li key={`${h.kind}:${h.id}`} className="p-3">
              <Link href={hrefOf(h)} className="text-blue-700 underline">
                {h.label}
              </Link>{' '}
              <span className="text-xs text-slate-500">
                {h.kind} · matched <span className="font-mono">{h.matched}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
