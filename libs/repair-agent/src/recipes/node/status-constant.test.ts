import { describe, expect, it } from 'vitest';
import { nodeStatusCode } from './status-code.js';
import { applyToCause } from './test-support/apply-to-cause.js';

// The shape of a real run (a TypeScript Express app): `res.status(HttpStatus.OK).json(payment)`
// where the contract documents 201, and the project declares `enum HttpStatus`.
const routes =
  "import { Router } from 'express';\nimport { addPayment } from '../controllers/orderController';\n\n" +
  "export const orderRoutes = Router();\norderRoutes.post('/:id/payments', addPayment);\n";
const app =
  "import express from 'express';\nimport { orderRoutes } from './routes/orderRoutes';\n\n" +
  "export const app = express();\napp.use('/orders', orderRoutes);\n";
const controller = (status: string, imports: string) =>
  `import { Request, Response } from 'express';\n${imports}\n` +
  `export const addPayment = async (req: Request, res: Response) => {\n` +
  `  const payment = { orderId: Number(req.params.id), ...req.body };\n  res.status(${status}).json(payment);\n};\n`;

async function repair(files: Record<string, string>) {
  const endpoint = 'POST /orders/{id}/payments';
  return applyToCause(
    nodeStatusCode,
    { 'src/app.ts': app, 'src/routes/orderRoutes.ts': routes, ...files },
    {
      kind: 'status_mismatch',
      endpoints: [endpoint],
      violations: [{ endpoint, expectedStatus: 201, actualStatus: 200 }],
    },
  );
}

describe('node.status-code with a status the project names', () => {
  it('an enum member sending 200 becomes its sibling sending 201', async () => {
    const imports = "import { HttpStatus } from '../utils/http';\n";
    const { outcome, tree } = await repair({
      'src/utils/http.ts': 'export enum HttpStatus {\n  OK = 200,\n  CREATED = 201,\n  NO_CONTENT = 204,\n}\n',
      'src/controllers/orderController.ts': controller('HttpStatus.OK', imports),
    });
    expect(outcome?.summary).toContain('send 201');
    expect(await tree.read('src/controllers/orderController.ts')).toBe(controller('HttpStatus.CREATED', imports));
  });

  it('a constant object without a 201 member: the number', async () => {
    const imports = "import { STATUS } from '../utils/status';\n";
    const { tree } = await repair({
      'src/utils/status.ts': 'export const STATUS = { OK: 200, NOT_FOUND: 404 } as const;\n',
      'src/controllers/orderController.ts': controller('STATUS.OK', imports),
    });
    expect(await tree.read('src/controllers/orderController.ts')).toBe(controller('201', imports));
  });

  it("near miss: a library's constant (not declared in the project) is left alone", async () => {
    const imports = "import { HttpStatus } from '@nestjs/common';\n";
    const source = controller('HttpStatus.OK', imports);
    const { outcome, tree } = await repair({ 'src/controllers/orderController.ts': source });
    expect(outcome).toBeNull();
    expect(await tree.read('src/controllers/orderController.ts')).toBe(source);
  });
});
