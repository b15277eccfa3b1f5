/**
 * A token as the console may show it (docs/providers.md: "show only its prefix"): the first 6 characters.
 * A token too short to keep anything secret after 6 characters shows nothing at all.
 */
export function tokenPrefix(token: string): string {
  return token.length > 12 ? `${token.slice(0, 6)}…` : '…';
}
