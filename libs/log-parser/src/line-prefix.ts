// Prefixes that log collectors put on EVERY line, so the trace's own indentation survives
// behind them: docker/kubectl `--timestamps` (RFC 3339, one space), the CRI format
// (`<ts> stderr F `), docker compose (`service-1  | `) and syslog/journald (`Nov 20 22:01:02 host app[7]: `).
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2}) /;
const CRI_STREAM = /^(?:stdout|stderr) [FP] /;
const COMPOSE = /^[a-z0-9][\w.-]*\s*\| /;
const SYSLOG = /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \S+ [^\s:[]+(?:\[\d+\])?: /;

/** Removes collector prefixes (in any nesting, e.g. compose + timestamps) from one line. */
export function stripLinePrefix(line: string): string {
  let text = line;
  for (let round = 0; round < 3; round++) {
    const before = text;
    const c0 = text.charCodeAt(0);
    if (c0 >= 48 && c0 <= 57) {
      if (text.charCodeAt(4) === 45 && text.charCodeAt(10) === 84) text = strip(text, RFC3339);
    } else if (c0 === 115 /* s */ && text.startsWith('std')) {
      text = strip(text, CRI_STREAM);
    } else if (c0 >= 65 && c0 <= 90 && text.charCodeAt(3) === 32) {
      text = strip(text, SYSLOG);
    }
    if (text === before && c0 >= 97 && c0 <= 122) {
      const bar = text.indexOf('| ');
      if (bar > 0 && bar < 64) text = strip(text, COMPOSE);
    }
    if (text === before) break;
  }
  return text;
}

function strip(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  return match ? text.slice(match[0].length) : text;
}
