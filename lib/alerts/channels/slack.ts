import { postJson } from './http';
import { type Channel, maskUrl, plainText } from './message';

/** A Slack incoming webhook: `{text}` is all it needs, and renders everywhere Slack does. */
export function slackChannel(webhookUrl: string): Channel {
  return { name: 'slack', target: maskUrl(webhookUrl), send: (m) => postJson(webhookUrl, { text: plainText(m) }) };
}
