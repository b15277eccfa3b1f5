/**
 * Removes every secret value from a string. Provider messages are untrusted text and may echo what
 * we sent (a rejected key in "invalid key abc…"), so anything we log or throw passes through here.
 */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  // Short values would blank out ordinary words; real keys and tokens are far longer than 6 chars.
  const values = [...new Set(secrets.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  return (text) => values.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
