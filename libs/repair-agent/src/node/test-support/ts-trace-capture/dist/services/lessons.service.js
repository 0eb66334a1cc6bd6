"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LessonService = void 0;
const store_1 = require("../store");
class LessonService {
    async find(id) {
        return store_1.lessons.get(id);
    }
    async view(id) {
        const lesson = await this.find(id);
        if (!lesson) {
            return undefined;
        }
        const teacher = store_1.teachers.get(lesson.teacherId);
        return { id: lesson.id, title: lesson.title, teacher: teacher.name };
    }
}
exports.LessonService = LessonService;
//# sourceMappingURL=lessons.service.js.map