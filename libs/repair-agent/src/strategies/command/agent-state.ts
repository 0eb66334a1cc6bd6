/**
 * Files and folders coding agents keep for themselves in the folder they work in (chat history,
 * tag caches, session state). They are never part of a fix: the command strategy leaves them out
 * of the collected patch (and keeps them beside the transcript instead).
 */
export const AGENT_STATE_PATTERNS: readonly string[] = Object.freeze([
  '.aider*',
  '.codex',
  '.claude',
  '.openhands*',
  '.openhands-state',
]);

/**
 * Whether `path` (relative, `/`-separated) lies in agent state: any segment of it matches one of
 * `patterns` (a name, or a name with `*` wildcards, compared whole, e.g. `.aider*`, `.codex`),
 * or the path itself matches a pattern that contains a `/` (e.g. `notes/agent.md`).
 */
export function isAgentState(path: string, patterns: readonly string[]): boolean {
  const segments = path.split('/');
  return patterns.some((pattern) => {
    const re = wildcard(pattern);
    return pattern.includes('/')
      ? re.test(path) || path.startsWith(`${pattern.replace(/\/$/, '')}/`)
      : segments.some((segment) => re.test(segment));
  });
}

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/\/$/, '')
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${body}$`);
}
