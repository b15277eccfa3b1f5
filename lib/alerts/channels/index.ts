import type { Env } from '@/lib/env';
import { emailChannel } from './email';
import type { Channel } from './message';
import { sandboxChannel, sandboxSinkUrl } from './sandbox';
import { slackChannel } from './slack';
import { webhookChannel } from './webhook';

export type ChannelEnv = Pick<
  Env,
  | 'ALERT_SLACK_WEBHOOK_URL'
  | 'ALERT_WEBHOOK_URL'
  | 'SMTP_URL'
  | 'ALERT_EMAIL_TO'
  | 'ALERT_EMAIL_FROM'
  | 'GOROUTE_BASE_URL'
  | 'GOROUTE_MODE'
  | 'NEXTAUTH_URL'
  | 'PORT'
>;

/**
 * Every channel the environment configures. With none, and only on the local provider sandbox,
 * notifications go to the sandbox's sink so a demo shows them end to end.
 */
export function alertChannels(env: ChannelEnv): Channel[] {
  const channels: Channel[] = [];
  if (env.ALERT_SLACK_WEBHOOK_URL) channels.push(slackChannel(env.ALERT_SLACK_WEBHOOK_URL));
  if (env.SMTP_URL && env.ALERT_EMAIL_TO && env.ALERT_EMAIL_FROM)
    channels.push(emailChannel(env.SMTP_URL, env.ALERT_EMAIL_TO, env.ALERT_EMAIL_FROM));
  if (env.ALERT_WEBHOOK_URL) channels.push(webhookChannel(env.ALERT_WEBHOOK_URL));
  if (channels.length === 0) {
    const sink = sandboxSinkUrl(env);
    if (sink) channels.push(sandboxChannel(sink));
  }
  return channels;
}

/** Where a notification links to: the alert list of this console. */
export function consoleAlertsUrl(env: Pick<Env, 'NEXTAUTH_URL' | 'PORT'>): string {
  return `${(env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')}/alerts`;
}

export type { AlertMessage, Channel } from './message';
