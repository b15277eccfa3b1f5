import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/guard';
import { LookupForm } from './_components/lookup-form';

export const metadata: Metadata = { title: 'Participant lookup' };

export default async function LookupPage() {
  await requirePermission('participants:lookup');
  return (
    <>
      <PageHeader
        title="Participant lookup"
        description="Is this Peppol ID registered, with which access point and document types? Asked live through GoRoute."
      />
      <LookupForm />
    </>
  );
}
