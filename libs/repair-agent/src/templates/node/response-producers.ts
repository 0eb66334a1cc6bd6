import type { JsFunction } from '../../node/js-module.js';
import { findNestRoute, nestHandlerFunction } from '../../node/nest-routes.js';
import type { NodeProject } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, parseFile, walk, type EsNode } from './estree.js';

/** A function on a served route's path to its response: the handler, or a method it returns or sends the result of. */
export interface ResponseProducer {
  readonly file: string;
  readonly fn: JsFunction;
}

/**
 * The handler of a documented endpoint (Express/Fastify route or Nest controller method) and the
 * function whose result it returns or sends (`return this.speakers.findOne(id)`, `res.json(await
 * service.get(id))`, `this.ok(res, xs)` after `const xs = await this.courses.list()`), one call deep. A Nest service is
 * followed through the controller's constructor-injected property (`constructor(private readonly speakers:
 * SpeakersService)`).
 */
export async function responseProducers(
  project: NodeProject,
  tree: SourceTree,
  endpoint: string,
): Promise<ResponseProducer[]> {
  const nest = await findNestRoute(project, tree, endpoint);
  const nestFn = nest ? await nestHandlerFunction(project, nest) : undefined;
  const route = nest ? undefined : await findJsRoute(project, endpoint);
  const handler =
    nest && nestFn
      ? { file: nest.handlerFile, fn: nestFn }
      : route?.handler
        ? { file: route.handlerFile ?? route.file, fn: route.handler }
        : null;
  if (!handler) return [];
  const out: ResponseProducer[] = [handler];
  const source = (await tree.read(handler.file)) ?? '';
  const response = handler.fn.params[1];
  // What is sent: returned, `res.json(x)`, or handed with the response to a helper (`this.ok(res, x)`).
  const sent = [
    ...handler.fn.returns.map((r) => source.slice(r.argStart, r.argEnd)),
    ...handler.fn.calls.filter((c) => /^(json|send)$/.test(c.name)).map((c) => c.args[0]?.text ?? ''),
    ...handler.fn.calls
      .filter((c) => response && c.args.some((a) => a.text === response))
      .flatMap((c) => c.args.filter((a) => a.text !== response).map((a) => a.text)),
  ];
  // A variable sent is the call it was assigned from (`const xs = await svc.list(); res.json(xs)`).
  const produced = sent.map((text) => {
    const from = handler.fn.calls.find((c) => c.assignedTo === text);
    return from ? `${from.text}(` : text;
  });
  for (const text of produced) {
    const callee = /^(?:await\s+)?((?:this\.)?[\w$]+\.[\w$]+)\(/.exec(text)?.[1];
    if (!callee) continue;
    const found = callee.startsWith('this.')
      ? await injectedMethod(project, tree, handler.file, callee.slice(5))
      : await resolveFunction(project, handler.file, callee);
    if (found && !out.some((p) => p.fn === found.fn)) out.push(found);
  }
  return out;
}

// `this.prop.m` where `prop` is a constructor parameter property typed with a project class, or
// defaulting to an instance of one (`private readonly service = new ReportService()`).
async function injectedMethod(
  project: NodeProject,
  tree: SourceTree,
  file: string,
  ref: string,
): Promise<ResponseProducer | undefined> {
  const [prop, member] = ref.split('.') as [string, string];
  const program = parseFile(file, (await tree.read(file)) ?? '');
  let type: string | null = null;
  for (const { node } of program ? walk(program) : []) {
    if (node.type !== 'TSParameterProperty') continue;
    const parameter = node['parameter'] as EsNode;
    const annotation = (parameter['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as EsNode | undefined;
    if (parameter.type === 'Identifier' && parameter['name'] === prop && annotation?.type === 'TSTypeReference')
      type = keyName(annotation['typeName'] as EsNode);
    const [left, right] = [parameter['left'] as EsNode | undefined, parameter['right'] as EsNode | undefined];
    if (parameter.type === 'AssignmentPattern' && left?.type === 'Identifier' && left['name'] === prop) {
      const typed = (left['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as EsNode | undefined;
      const made = right?.type === 'NewExpression' ? (right['callee'] as EsNode) : undefined;
      if (typed?.type === 'TSTypeReference') type = keyName(typed['typeName'] as EsNode);
      else if (made?.type === 'Identifier') type = made['name'] as string;
    }
  }
  if (!type) return undefined;
  for (const [path, module] of await project.modules()) {
    const fn = module.functions.find((f) => f.className === type && f.name === member);
    if (fn) return { file: path, fn };
  }
  return undefined;
}
