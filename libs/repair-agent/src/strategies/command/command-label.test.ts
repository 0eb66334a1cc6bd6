import { describe, expect, it } from 'vitest';
import { commandLabel } from './command-label.js';

describe('commandLabel', () => {
  it('keeps short commands as they are', () => {
    expect(commandLabel('claude -p "fix it"')).toBe('claude -p "fix it"');
    expect(commandLabel(['node', 'fix.mjs'])).toBe('node fix.mjs');
  });

  it('gives the same label wherever the checkout lives', () => {
    const short = commandLabel('sh /tmp/a/tests/fixtures/agents/crash.sh');
    const long = commandLabel(
      `sh /tmp/${'x'.repeat(120)}/checkout/tests/loop-controller-integration/fixtures/agents/crash.sh`,
    );
    expect(short).toBe('sh …/agents/crash.sh');
    expect(long).toBe(short);
  });

  it('elides the middle of a label that is still too long', () => {
    const label = commandLabel(['agent', ...Array.from({ length: 30 }, (_, i) => `--flag${i}`)]);
    expect(label.length).toBeLessThanOrEqual(80);
    expect(label.startsWith('agent --flag0')).toBe(true);
    expect(label.endsWith('--flag29')).toBe(true);
  });
});
