import type { Metadata } from 'next';
import { ExportLink } from '@/components/ui/export-link';
import { FilterForm } from '@/components/ui/filter-form';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Table, Td } from '@/components/ui/table';
import { listAuditLog } from '@/db/queries/audit';
import { requirePermission } from '@/lib/auth/guard';
import { formatDateTime } from '@/lib/format';
import { decodeCursor } from '@/lib/pagination';
import { auditActions } from '@/db/schema/enums';
import { pickEnum, single, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Audit' };

const show = (v: unknown) => (v == null ? '—' : JSON.stringify(v));

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePermission('audit:view');
  const params = await searchParams;
  const filter = { actor: single(params.actor)?.slice(0, 254), action: pickEnum(params.action, auditActions), targetType: single(params.targetType)?.slice(0, 50), targetId: single(params.targetId)?.slice(0, 100) };
  const page = await listAuditLog({ ...filter, cursor: decodeCursor(params.after) });
  return (
    <>
      <PageHeader title="Audit" description="Every human action: who, when, on what, before and after.">
        <ExportLink view="audit" params={filter} />
      </PageHeader>
      <FilterForm
        action="/audit"
        fields={[
          { name: 'actor', label: 'Actor e-mail', value: filter.actor, placeholder: 'finance@example.test' },
          { name: 'action', label: 'Action', value: filter.action, options: auditActions },
          { name: 'targetType', label: 'Target type', value: filter.targetType, placeholder: 'document' },
          { name: 'targetId', label: 'Target ID', value: filter.targetId },
        ]}
      />
      <Table head={['When', 'Actor', 'Action', 'Target', 'Before', 'After']} empty={page.items.length === 0}>
        {page.items.map((a) => (
          <tr key={a.id}>
            <Td>{formatDateTime(a.createdAt)}</Td>
            <Td>{a.actorEmail}</Td>
            <Td mono>{a.action}</Td>
            <Td mono>
              {a.targetType}:{a.targetId}
            </Td>
            <Td mono className="max-w-xs break-all">{show(a.before)}</Td>
            <Td mono className="max-w-xs break-all">{show(a.after)}</Td>
          </tr>
        ))}
      </Table>
      <Pager basePath="/audit" params={{ ...filter, after: single(params.after) }} next={page.next} />
    </>
  );
}
