"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OrderService = void 0;
class OrderService {
    lines;
    constructor(lines) {
        this.lines = lines;
    }
    total() {
        return this.lines.reduce((sum, line) => sum + line.qty * priceOf(line), 0);
    }
}
exports.OrderService = OrderService;
function priceOf(line) {
    if (line.price === undefined)
        throw new TypeError(`no price for ${line.sku}`);
    return line.price;
}
const service = new OrderService([{ sku: 'a', qty: 1, price: 2 }, { sku: 'b', qty: 3 }]);
try {
    console.log(service.total());
}
catch (error) {
    console.error(error);
}
//# sourceMappingURL=orders.js.map