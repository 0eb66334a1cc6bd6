"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LessonController = void 0;
class LessonController {
    constructor(service) {
        this.service = service;
        this.getById = async (_req, res, id) => {
            const view = await this.service.view(id);
            res.writeHead(view ? 200 : 404, { 'content-type': 'application/json' });
            res.end(JSON.stringify(view ?? { error: 'not_found' }));
        };
    }
}
exports.LessonController = LessonController;
//# sourceMappingURL=lessons.controller.js.map