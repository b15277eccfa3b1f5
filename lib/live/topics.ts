import type { Role } from '@/db/schema/enums';
import { can, type Permission } from '../rules/permissions';
import { liveTopics, type LiveTopic } from './events';

/** Who hears a topic: whoever may view the pages that show its rows (lib/rules/permissions.ts). */
const topicPermission: Record<LiveTopic, Permission> = {
  documents: 'documents:view',
  transactions: 'transactions:view',
  webhooks: 'webhooks:view',
  alerts: 'dashboard:view',
  audit: 'audit:view',
};

/** The topics a role's stream carries; a change of any other topic never reaches that role's browser. */
export function topicsFor(role: Role): LiveTopic[] {
  return liveTopics.filter((t) => can(role, topicPermission[t]));
}
