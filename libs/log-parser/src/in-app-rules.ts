/** A compiled Sentry-style in-app rule. */
export interface CompiledInAppRule {
  readonly field: 'path' | 'module' | 'function';
  readonly pattern: RegExp;
  readonly inApp: boolean;
}

/** What a rule can look at on a frame. */
export interface RuleSubject {
  readonly path: string;
  readonly module?: string;
  readonly function?: string;
}

/** Parses `"path:**\/gen/** -app"` style rules (already validated) into matchers. */
export function compileInAppRules(rules: readonly string[]): CompiledInAppRule[] {
  return rules.map((rule) => {
    const match = /^\s*(path|module|function|package):(\S+)\s+([+-])app\s*$/.exec(rule);
    if (!match) throw new Error(`unreachable: unvalidated in-app rule ${rule}`);
    const field = match[1] === 'package' ? 'module' : (match[1] as CompiledInAppRule['field']);
    return { field, pattern: globToRegExp(match[2]!, field === 'path' ? '/' : '.'), inApp: match[3] === '+' };
  });
}

/** The verdict of the last matching rule, or undefined when none matches. */
export function applyInAppRules(rules: readonly CompiledInAppRule[], subject: RuleSubject): boolean | undefined {
  let verdict: boolean | undefined;
  for (const rule of rules) {
    const value = rule.field === 'path' ? subject.path : rule.field === 'module' ? subject.module : subject.function;
    if (value !== undefined && rule.pattern.test(value)) verdict = rule.inApp;
  }
  return verdict;
}

// `**` crosses separators, `*` does not, `?` is one character; a pattern without a leading
// separator or `**` may match anywhere at a segment start, as Sentry's path globs do.
function globToRegExp(glob: string, separator: '/' | '.'): RegExp {
  const sep = separator === '/' ? '\\/' : '\\.';
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
      if (glob[i + 1] === separator) {
        i++;
        out += `(?:${sep})?`;
      }
    } else if (ch === '*') out += `[^${sep}]*`;
    else if (ch === '?') out += `[^${sep}]`;
    else out += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  const anchored = glob.startsWith(separator) || glob.startsWith('**') ? `^${out}$` : `(?:^|${sep})${out}$`;
  return new RegExp(anchored);
}
