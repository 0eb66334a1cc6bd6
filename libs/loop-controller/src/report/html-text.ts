import { redactText } from '@smoke-repair/smoke-validator';

/** HTML-escapes text (element content and quoted attribute values). */
function esc(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A text escaper that redacts secrets first (bearer tokens, secret fields, the configured header values). */
export function safeText(secrets: readonly string[]): (value: string) => string {
  return (value) => esc(redactText(value, secrets));
}

/** `82.4%`. */
export function pct(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
