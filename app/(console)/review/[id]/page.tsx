import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LiveRefresh } from '@/components/live/live-refresh';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { getReviewDocument } from '@/db/queries/review';
import { requirePermission } from '@/lib/auth/guard';
import { can } from '@/lib/rules/permissions';
import { formatMoney } from '@/lib/format';
import { normalizeIdentifier } from '@/lib/pipeline/review-rules';
import { ReviewForm } from './_components/review-form';

export const metadata: Metadata = { title: 'Review document' };

const identity = [
  ['IBAN', 'sender_iban', 'vendorIban'],
  ['VAT ID', 'sender_vat_id', 'vendorVatId'],
  ['Peppol ID', 'sender_peppol_id', 'vendorPeppolId'],
] as const;

export default async function ReviewDocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission('review:view');
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const data = await getReviewDocument(id);
  if (!data) notFound();
  const { doc, fields } = data;
  const flagged = fields
    .filter((f) => f.reviewState === 'needs_review')
    .map((f) => ({
      name: f.name,
      value: f.value,
      structured: f.valueJson == null ? null : JSON.stringify(f.valueJson, null, 2),
      candidates: f.candidates,
      category: f.category,
      reason: f.reviewReason,
    }));
  const value = (name: string) => fields.find((f) => f.name === name)?.value ?? null;
  return (
    <>
      <PageHeader
        title={`Review ${doc.invoiceNumber ?? doc.sourceId}`}
        description={`${doc.vendorName ?? doc.senderName ?? 'Unknown vendor'} · ${formatMoney(doc.grossAmount, doc.currency)}`}
      >
        <Link href="/review" className="text-blue-700 underline">
          Back to the queue
        </Link>
      </PageHeader>
      {/* Claimed, approved or blocked by someone else: the page says so at once (the form keeps what was typed). */}
      <LiveRefresh topics={['documents']} ids={[doc.id]} />
      <p className="mb-4 flex flex-wrap items-center gap-3 text-xs text-slate-600">
        <StatusBadge status={doc.pipelineState} />
        <span>
          Source ID <span className="font-mono">{doc.sourceId}</span>
        </span>
        <span>
          exdata ID <span className="font-mono">{doc.exdataDocumentId ?? '—'}</span>
        </span>
        <span>
          File <span className="font-mono">{doc.filename}</span>
        </span>
      </p>
      <section aria-label="Vendor identity" className="mb-5 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-2 font-semibold">Vendor identity: last approved vs this invoice</h2>
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1">Field</th>
              <th>Last approved{doc.vendorApprovedAt ? '' : ' (none yet)'}</th>
              <th>This invoice</th>
            </tr>
          </thead>
          <tbody>
            {identity.map(([label, field, known]) => {
              const now = value(field);
              const before = doc[known];
              const changed = Boolean(now && before && normalizeIdentifier(now) !== normalizeIdentifier(before));
              return (
                <tr
                  key={field}
                  className={changed ? 'bg-red-50' : undefined}
                  data-testid={changed ? `identity-changed-${field}` : undefined}
                >
                  <td className="py-1">{label}</td>
                  <td className="font-mono">{before ?? '—'}</td>
                  <td className="font-mono">
                    {now ?? '—'} {changed && <strong className="ml-1 text-red-700">changed</strong>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {doc.pipelineState !== 'in_review' ? (
        <p className="rounded border border-slate-200 bg-white p-4">
          This document is not waiting for review ({doc.pipelineState.replaceAll('_', ' ')}
          {doc.blockedReason ? `: ${doc.blockedReason}` : ''}).
        </p>
      ) : (
        <ReviewForm documentId={doc.id} fields={flagged} canDecide={can(user.role, 'review:decide')} />
      )}
    </>
  );
}
