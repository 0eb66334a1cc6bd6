const MAX_LABEL = 80;

/**
 * A readable label for a command in messages. Long path arguments are cut to their last segment
 * (`sh …/agents/crash.sh`), so what the label keeps — the program and the script's name — does
 * not depend on where the checkout or the app lives; the rest is elided in the middle.
 */
export function commandLabel(command: string | readonly string[]): string {
  const words = typeof command === 'string' ? command.split(/\s+/).filter(Boolean) : [...command];
  const label = words.map(shortenPath).join(' ');
  if (label.length <= MAX_LABEL) return label;
  const keep = (MAX_LABEL - 1) / 2;
  return `${label.slice(0, Math.ceil(keep))}…${label.slice(label.length - Math.floor(keep))}`;
}

function shortenPath(word: string): string {
  if (!word.includes('/') || word.length <= 24) return word;
  const parts = word.split('/').filter(Boolean);
  return parts.length <= 2 ? word : `…/${parts.slice(-2).join('/')}`;
}
