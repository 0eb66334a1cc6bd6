import { walk, type EsNode } from './estree.js';
import { localValue } from './row-members.js';

/**
 * True when `name` (the left operand of `new Date(name + ms)`) holds date text the function
 * spells itself: a local set once to a template literal or a string concatenation ending in a
 * time part (`const start = \`${isoDate}T00:00:00Z\``), or a parameter the TypeScript source types
 * `string`. Adding milliseconds to either appends digits to the text, which is why the Date is
 * invalid; a local holding a number, a Date or a call's result is none of these.
 */
export function holdsDateText(fn: EsNode, name: EsNode): boolean {
  if (name.type !== 'Identifier') return false;
  const init = localValue(fn, name);
  if (init) return spelledDateTime(init);
  // A parameter reassigned in the body may hold anything by the time the Date is made.
  const assigned = [...walk(fn)].some(
    ({ node }) =>
      node.type === 'AssignmentExpression' &&
      (node['left'] as EsNode).type === 'Identifier' &&
      (node['left'] as EsNode)['name'] === name['name'],
  );
  if (assigned) return false;
  const param = (fn['params'] as EsNode[]).find((p) => p.type === 'Identifier' && p['name'] === name['name']);
  const annotation = (param?.['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as EsNode | undefined;
  return annotation?.type === 'TSStringKeyword';
}

// A template literal or a `+` of text whose written text ends in a time of day (`T00:00:00Z`,
// `T12:00`, `:00.000Z`): a date-time spelled out, so text for certain and a date for certain.
function spelledDateTime(init: EsNode): boolean {
  const tail =
    init.type === 'TemplateLiteral'
      ? (((init['quasis'] as EsNode[]).at(-1)?.['value'] as { cooked?: string } | undefined)?.cooked ?? '')
      : init.type === 'BinaryExpression' && init['operator'] === '+'
        ? stringValue(init['right'] as EsNode)
        : '';
  return /(?:T|\s)?\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.test(tail);
}

function stringValue(node: EsNode): string {
  if (node.type === 'Literal' && typeof node['value'] === 'string') return node['value'];
  if (node.type === 'TemplateLiteral' && (node['expressions'] as EsNode[]).length === 0)
    return (((node['quasis'] as EsNode[])[0]?.['value'] as { cooked?: string } | undefined)?.cooked ?? '') as string;
  return '';
}
