import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { listRecentNotifications } from '@/db/queries/alerts';
import { alertChannels } from '@/lib/alerts/channels';
import { getEnv } from '@/lib/env';

/** Where alerts go (targets masked) and the last notifications sent; on the alerts page and in Settings. */
export async function ChannelsBox() {
  const channels = alertChannels(getEnv());
  const recent = await listRecentNotifications(10);
  return (
    <section className="mt-6 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="channels-heading">
      <h2 id="channels-heading" className="mb-2 font-semibold">
        Notification channels
      </h2>
      {channels.length === 0 ? (
        <p className="text-sm text-slate-500">
          None configured: alerts are shown here only. Set ALERT_SLACK_WEBHOOK_URL, ALERT_WEBHOOK_URL or SMTP_URL (see
          README).
        </p>
      ) : (
        <ul className="mb-3 text-sm">
          {channels.map((c) => (
            <li key={c.name}>
              <span className="font-medium">{c.name}</span>{' '}
              <span className="font-mono text-xs text-slate-500">{c.target}</span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="mb-1 mt-3 text-sm font-medium">Last notifications</h3>
      <Table head={['When', 'Channel', 'Result', 'Alert']} empty={recent.length === 0}>
        {recent.map((n) => (
          <tr key={n.id}>
            <Td className="text-xs">
              <RelativeTime at={n.createdAt} />
            </Td>
            <Td mono>{n.channel}</Td>
            <Td>
              <StatusBadge status={n.status} />
              {n.detail && <span className="ml-1 text-xs text-slate-500">{n.detail}</span>}
            </Td>
            <Td className="text-sm">{n.alertTitle}</Td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
