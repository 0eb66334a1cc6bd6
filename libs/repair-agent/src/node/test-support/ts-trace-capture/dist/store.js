"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.teachers = exports.lessons = void 0;
exports.lessons = new Map([
    [1, { id: 1, title: 'Wheel throwing', teacherId: 1 }],
    [2, { id: 2, title: 'Glazing', teacherId: 9 }],
]);
exports.teachers = new Map([[1, { id: 1, name: 'Ada' }]]);
//# sourceMappingURL=store.js.map