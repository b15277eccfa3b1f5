import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { DateTime } from '@/components/ui/relative-time';
import { Table, Td } from '@/components/ui/table';
import { listSettings } from '@/db/queries/settings';
import { requirePermission } from '@/lib/auth/guard';
import { can } from '@/lib/rules/permissions';
import { formatDateTime } from '@/lib/format';
import { providerStatus } from '@/lib/provider-status';
import { editableSettings, isEditableSettingKey, type EditableSettingKey } from '@/lib/settings/schemas';
import { readSetting } from '@/lib/rules/setting-values';
import { SettingForm, type SettingField } from './_components/setting-form';
import { ChannelsBox } from '../alerts/_components/channels-box';

export const metadata: Metadata = { title: 'Settings' };

const forms: { key: EditableSettingKey; title: string; description: string; fields: SettingField[] }[] = [
  {
    key: 'pending_windows',
    title: 'Pending windows',
    description:
      'How long an item may sit in each state before it counts as pending too long: it is listed under Documents › Pending too long and raises an alert; one waiting on a provider’s answer is also asked about directly.',
    fields: [
      {
        name: 'received_minutes',
        label: 'Received, not uploaded (minutes)',
        hint: 'Includes documents held while uploads are paused. Up to 10080 (7 days)',
      },
      {
        name: 'uploading_minutes',
        label: 'Uploading (minutes)',
        hint: 'Retries of a failed upload take about 4 min. Up to 10080 (7 days)',
      },
      { name: 'exdata_pending_minutes', label: 'exdata pending (minutes)', hint: 'Up to 10080 (7 days)' },
      {
        name: 'review_minutes',
        label: 'Waiting for review (minutes)',
        hint: 'Finance’s queue; 1440 = a day. Up to 10080 (7 days)',
      },
      { name: 'approved_minutes', label: 'Approved, no send queued (minutes)', hint: 'Up to 10080 (7 days)' },
      { name: 'queued_minutes', label: 'Send queued past its due time (minutes)', hint: 'Up to 10080 (7 days)' },
      { name: 'goroute_pending_minutes', label: 'GoRoute pending (minutes)', hint: 'Up to 10080 (7 days)' },
      { name: 'goroute_processing_minutes', label: 'GoRoute processing (minutes)', hint: 'Up to 10080 (7 days)' },
      { name: 'goroute_sending_minutes', label: 'GoRoute sending (minutes)', hint: 'Up to 10080 (7 days)' },
      {
        name: 'send_retry_minutes',
        label: 'Send retry overdue (minutes)',
        hint: 'A failed send’s scheduled retry not made. Up to 10080 (7 days)',
      },
    ],
  },
  {
    key: 'alert_thresholds',
    title: 'Alert thresholds',
    description: 'When the alert rules fire, and how often one alert may notify again.',
    fields: [
      { name: 'failure_rate_percent', label: 'Send failure rate above (%)', hint: '0–100' },
      {
        name: 'failure_rate_window_minutes',
        label: 'Failure rate measured over (minutes)',
        hint: 'Up to 1440 (1 day)',
      },
      {
        name: 'signature_failures_per_hour',
        label: 'Bad webhook signatures per hour',
        hint: 'Whole number, up to 100000',
      },
      {
        name: 'sign_in_failures_per_15_minutes',
        label: 'Failed sign-ins per 15 minutes',
        hint: 'Whole number, up to 100000',
      },
      { name: 'webhook_silence_minutes', label: 'No webhook for (minutes)', hint: 'Up to 10080 (7 days)' },
      {
        name: 'notify_cooldown_minutes',
        label: 'Notify again after (minutes)',
        hint: '0 notifies every time; up to 1440 (1 day)',
      },
    ],
  },
  {
    key: 'retention',
    title: 'Retention',
    description:
      'Raw payloads older than this are cleared every night: webhook bodies, uploaded files of finished documents, UBL of delivered transactions. Metadata, timelines and the audit log are kept.',
    fields: [{ name: 'raw_payload_days', label: 'Keep raw payloads (days)', hint: '7–3650' }],
  },
];

export default async function SettingsPage() {
  const user = await requirePermission('settings:view');
  const canEdit = can(user.role, 'settings:manage');
  const rows = await listSettings();
  const stored = new Map(rows.map((r) => [r.key, r]));
  const others = rows.filter((r) => !isEditableSettingKey(r.key));
  return (
    <>
      <PageHeader
        title="Settings"
        description="Provider mode and credentials (masked), pending windows, alert thresholds, retention."
      />
      <div className="mb-6 grid gap-4 md:grid-cols-2">
        {providerStatus().map((p) => (
          <section key={p.provider} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="font-semibold">
              {p.provider} <span className="ml-1 rounded bg-slate-100 px-1.5 text-xs uppercase">{p.mode}</span>
            </h2>
            <p className="text-xs text-slate-500">{p.baseUrl}</p>
            <dl className="mt-2 space-y-1 text-xs">
              {p.credentials.map((c) => (
                <div key={c.name} className="flex justify-between gap-2">
                  <dt className="font-mono">{c.name}</dt>
                  <dd className="font-mono">{c.value}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="mb-6 grid gap-4 xl:grid-cols-3">
        {forms.map((f) => {
          const row = stored.get(f.key);
          // A value never saved (or saved before its limit existed) shows what the readers actually use: the default.
          const values = readSetting(editableSettings[f.key], row?.value) as Record<string, number>;
          const saved = (row?.value ?? {}) as Record<string, unknown>;
          const replaced = row
            ? f.fields.filter((x) => saved[x.name] !== undefined && saved[x.name] !== values[x.name])
            : [];
          return (
            <section
              key={f.key}
              aria-labelledby={`setting-${f.key}`}
              className="rounded-lg border border-slate-200 bg-white p-4"
            >
              <h2 id={`setting-${f.key}`} className="font-semibold">
                {f.title}
              </h2>
              <p className="mb-3 text-sm text-slate-500">
                {f.description}{' '}
                {row ? `Last changed ${formatDateTime(row.updatedAt)}.` : 'Never changed: defaults apply.'}
                {replaced.length > 0 &&
                  ` Stored value outside the allowed range, so the default applies until saved again: ${replaced.map((x) => x.label).join(', ')}.`}
              </p>
              {canEdit ? (
                <SettingForm
                  settingKey={f.key}
                  title={f.title}
                  fields={f.fields}
                  values={values}
                  updatedAt={row ? row.updatedAt.toISOString() : null}
                />
              ) : (
                <dl className="space-y-1 text-sm">
                  {f.fields.map((x) => (
                    <div key={x.name} className="flex justify-between gap-2">
                      <dt>{x.label}</dt>
                      <dd className="tabular-nums">{values[x.name]}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </section>
          );
        })}
      </div>
      <div className="mb-6">
        <ChannelsBox />
      </div>
      {others.length > 0 && (
        <>
          <h2 className="mb-2 font-semibold">Other stored state</h2>
          <Table head={['Setting', 'Value', 'Updated']}>
            {others.map((s) => (
              <tr key={s.key}>
                <Td mono>{s.key}</Td>
                <Td mono className="break-all">
                  {JSON.stringify(s.value)}
                </Td>
                <Td>
                  <DateTime at={s.updatedAt} />
                </Td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </>
  );
}
