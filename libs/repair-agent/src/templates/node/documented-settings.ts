import type { SourceTree } from '../../source/source-tree.js';

// Where a project documents its settings' values.
const ENV_EXAMPLES = ['.env.example', '.env.sample', '.env.template', '.env.defaults', 'example.env', '.env.dist'];
// Prose that documents settings: the project's README and its docs folder.
const PROSE = /^(?:readme(?:\.[a-z]+)?|docs?\/[\w./-]+\.(?:md|markdown|rst|txt))$/i;
// `default 38.5`, `defaults to **25**`, `(default: \`9000\`)`: the number right after the word, whole
// (`default 127.0.0.1` or `2024-01-01` is no number).
const DEFAULT =
  /\bdefaults?\b(?:\s+(?:is|to|of|value))*\s*[:=]?\s*[*_`'"]*(-?\d+(?:\.\d+)?)(?=[*_`'"]*(?:[\s),;]|\.(?!\d)|$))/i;

/**
 * The values a project documents for its settings: `NAME=value` lines of its env examples
 * (`.env.example`: `MAX_LOAD=500`), else a README or docs line that names the variable in code
 * quotes and states its numeric default (`` `MAX_LOAD` caps a load (default **500** kg) ``). On
 * a line naming several variables, a default belongs to the variable named last before it.
 */
export async function documentedSettings(tree: SourceTree): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of ENV_EXAMPLES) {
    const text = await tree.read(file);
    for (const line of text?.split('\n') ?? []) {
      const match = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
      // `KEY="a b" # note` → `a b`; `KEY=500 # kg` → `500`.
      const quoted = /^(['"])(.*?)\1(?:\s+#.*)?$/.exec(match?.[2] ?? '');
      const value = quoted ? quoted[2] : match?.[2]?.replace(/\s+#.*$/, '');
      if (match && value && !value.startsWith('#') && !out.has(match[1]!)) out.set(match[1]!, value);
    }
  }
  for (const file of (await tree.list()).filter((f) => PROSE.test(f)).sort()) {
    for (const line of (await tree.read(file))?.split('\n') ?? []) {
      const names = [...line.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]*|[A-Z]{3,})`/g)];
      names.forEach((name, i) => {
        const said = line.slice(name.index + name[0].length, names[i + 1]?.index ?? line.length);
        const value = DEFAULT.exec(said)?.[1];
        if (value !== undefined && !out.has(name[1]!)) out.set(name[1]!, value);
      });
    }
  }
  return out;
}
