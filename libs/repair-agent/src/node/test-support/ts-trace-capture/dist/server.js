"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const node_http_1 = require("node:http");
const lessons_controller_1 = require("./controllers/lessons.controller");
const lessons_service_1 = require("./services/lessons.service");
const controller = new lessons_controller_1.LessonController(new lessons_service_1.LessonService());
const server = (0, node_http_1.createServer)((req, res) => {
    const match = /^\/lessons\/(\d+)$/.exec(req.url ?? '');
    if (!match) {
        res.writeHead(404).end();
        return;
    }
    controller.getById(req, res, Number(match[1])).catch((error) => {
        console.error(error);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal_error' }));
    });
});
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
//# sourceMappingURL=server.js.map