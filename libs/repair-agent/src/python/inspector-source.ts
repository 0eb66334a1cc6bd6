// The Python side of the project index, run with the app's interpreter (`python3 -c`).
// Kept as a string so the bundled CLI carries it; String.raw keeps its escapes intact.
/** Source of the stdlib-only `ast` summariser (see python-project.ts for the JSON it prints). */
export const PYTHON_INSPECTOR_SOURCE =
  String.raw`# Summarises Python modules for the repair recipes: definitions, ` +
  String.raw`imports, classes and their
# attributes, functions with their calls, FastAPI routers/apps/routes. Reads one JSON object
# {"path", "source"} per line on stdin, writes one JSON summary per line on stdout, in order.
# Standard library only; never imports or runs the code it reads.
import ast
import json
import sys


def expr(node):
    try:
        return ast.unparse(node)
    except Exception:
        return None


def call_name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def const(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)) else None


def static_str(node):
    """A string known without running code: a literal, os.getenv("X", "lit") / os.environ.get's
    default, pydantic Field("lit") / Field(default="lit"), or a module constant's name (as "=name")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return "=" + node.id
    if isinstance(node, ast.Call):
        name = call_name(node.func)
        text = expr(node.func) or ""
        if name in ("getenv", "get") and (text.endswith("getenv") or text.endswith("environ.get")) and ` +
  String.raw`len(node.args) == 2:
            return static_str(node.args[1])
        if name == "Field":
            default = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "default"), None)
            return static_str(default) if default is not None else None
    return None


def class_summary(node):
    attributes, methods, init_params, defaults = [], [], None, {}
    for item in node.body:
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            attributes.append(item.target.id)
            value = static_str(item.value) if item.value is not None else None
            if value is not None and not value.startswith("="):
                defaults[item.target.id] = value
        elif isinstance(item, ast.Assign):
            attributes += [t.id for t in item.targets if isinstance(t, ast.Name)]
            value = static_str(item.value)
            if value is not None and not value.startswith("="):
                defaults.update({t.id: value for t in item.targets if isinstance(t, ast.Name)})
        elif isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            methods.append(item.name)
            for sub in ast.walk(item):
                if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "self" ` +
  String.raw`and isinstance(sub.ctx, ast.Store):
                    attributes.append(sub.attr)
            if item.name == "__init__":
                init_params = [a.arg for a in item.args.args[1:] + item.args.kwonlyargs]
    return {
        "name": node.name, "line": node.lineno, "endLine": node.end_lineno,
        "bases": [expr(b) for b in node.bases], "attributes": sorted(set(attributes)),
        "methods": methods, "initParams": init_params, "defaults": defaults,
    }


def route_decorator(dec):
    if not (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) and isinstance(dec.func.value, ast.Name)):
        return None
    method = dec.func.attr
    if method not in ("get", "post", "put", "patch", "delete", "head", "options", "api_route"):
        return None
    path = const(dec.args[0]) if dec.args else None
    keywords = {k.arg: expr(k.value) for k in dec.keywords if k.arg}
    if path is None and "path" in keywords:
        path = keywords["path"].strip("'\"")
    return {"line": dec.lineno, "endLine": dec.end_lineno, "target": dec.func.value.id, "method": method,
            "path": path, "keywords": keywords}


def function_summary(node, qualname):
    params = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
    if node.args.vararg:
        params.append(node.args.vararg.arg)
    if node.args.kwarg:
        params.append(node.args.kwarg.arg)
    annotations = {a.arg: expr(a.annotation) for a in node.args.args + node.args.kwonlyargs if a.annotation is not None}
    locals_, calls, returns = set(), [], []
    awaited = {id(n.value) for n in ast.walk(node) if isinstance(n, ast.Await)}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            locals_.add(sub.id)
        elif isinstance(sub, ast.Call):
            name = call_name(sub.func)
            if name:
                calls.append({"name": name, "line": sub.lineno, "col": sub.col_offset, "endLine": sub.end_lineno,
                              "endCol": sub.end_col_offset, "awaited": id(sub) in awaited, "text": expr(sub.func),
                              "keywords": [k.arg for k in sub.keywords if k.arg],
                              "starKwargs": [expr(k.value) for k in sub.keywords if k.arg is None]})
        elif isinstance(sub, ast.Return) and sub.value is not None:
            returns.append({"line": sub.lineno, "endLine": sub.end_lineno, "call": call_name(sub.value.func) if ` +
  String.raw`isinstance(sub.value, ast.Call) else None})
    return {
        "name": node.name, "qualname": qualname, "line": node.lineno, "endLine": node.end_lineno,
        "bodyLine": node.body[0].lineno, "async": isinstance(node, ast.AsyncFunctionDef), "params": params,
        "annotations": annotations, "locals": sorted(locals_), "calls": calls, "returns": returns,
        "decorators": [d for d in (route_decorator(x) for x in node.decorator_list) if d],
    }


def summarise(path, source):
    tree = ast.parse(source, filename=path)
    out = {"path": path, "imports": [], "defs": [], "classes": [], "functions": [], "routers": [], "apps": [], ` +
  String.raw`"includes": [], "constants": {}, "routeCalls": []}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            out["imports"].append({"line": node.lineno, "endLine": node.end_lineno, "kind": "from", "module": ` +
  String.raw`node.module,
                                   "level": node.level, "names": [{"name": a.name, "asname": a.asname} for a in ` +
  String.raw`node.names]})
        elif isinstance(node, ast.Import):
            out["imports"].append({"line": node.lineno, "endLine": node.end_lineno, "kind": "import", "module": ` +
  String.raw`None, "level": 0,
                                   "names": [{"name": a.name, "asname": a.asname} for a in node.names]})
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out["defs"].append({"name": node.name, "kind": "function", "line": node.lineno, "async": ` +
  String.raw`isinstance(node, ast.AsyncFunctionDef)})
        elif isinstance(node, ast.ClassDef):
            out["defs"].append({"name": node.name, "kind": "class", "line": node.lineno, "async": False})
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    out["defs"].append({"name": target.id, "kind": "variable", "line": node.lineno, "async": False})
                    value = node.value
                    known = static_str(value) if value is not None else None
                    if known is not None:
                        out["constants"][target.id] = known
                    if isinstance(value, ast.Call) and call_name(value.func) == "APIRouter":
                        prefix = next((const(k.value) for k in value.keywords if k.arg == "prefix"), "")
                        prefix_expr = next((expr(k.value) for k in value.keywords if k.arg == "prefix" and ` +
  String.raw`const(k.value) is None), None)
                        out["routers"].append({"var": target.id, "line": node.lineno, "prefix": prefix or "", ` +
  String.raw`"prefixExpr": prefix_expr})
    # Apps made in a factory (def create_app(): application = FastAPI(...)) count as apps too:
    # their include_router calls are where routers get mounted.
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and call_name(node.value.func) == ` +
  String.raw`"FastAPI":
            out["apps"] += [{"var": t.id, "line": node.lineno} for t in node.targets if isinstance(t, ast.Name)]
        elif (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and isinstance(node.value, ast.Call)
              and call_name(node.value.func) == "FastAPI"):
            out["apps"].append({"var": node.target.id, "line": node.lineno})
    # for r in (a.router, b.router): app.include_router(r, prefix=P) mounts each router of the tuple;
    # for m in (a, b): app.include_router(m.router, prefix=P) mounts each module's router.
    looped = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.For) and isinstance(node.target, ast.Name)
                and isinstance(node.iter, (ast.Tuple, ast.List))):
            for sub in ast.walk(node):
                if not (isinstance(sub, ast.Call) and sub.args):
                    continue
                base, rest = sub.args[0], ""
                while isinstance(base, ast.Attribute):
                    base, rest = base.value, "." + base.attr + rest
                if isinstance(base, ast.Name) and base.id == node.target.id:
                    looped[id(sub)] = [expr(e) + rest for e in node.iter.elts]
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            out["classes"].append(class_summary(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == ` +
  String.raw`"include_router" and node.args:
            for arg in looped.get(id(node), [expr(node.args[0])]):
                out["includes"].append({"line": node.lineno, "endLine": node.end_lineno,
                                        "target": expr(node.func.value), "arg": arg, "looped": id(node) in looped,
                                    "prefix": next((const(k.value) for k in node.keywords if k.arg == "prefix"), None),
                                    "prefixExpr": next((expr(k.value) for k in node.keywords if k.arg == "prefix" ` +
  String.raw`and const(k.value) is None), None)})
    # router.add_api_route("/x", handlers.create_x, methods=["POST"], ...): a route whose handler may live in ` +
  String.raw`another module.
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) else None
        if call is None or not (isinstance(call.func, ast.Attribute) and call.func.attr == "add_api_route" and ` +
  String.raw`isinstance(call.func.value, ast.Name)):
            continue
        keywords = {k.arg: expr(k.value) for k in call.keywords if k.arg}
        route_path = const(call.args[0]) if call.args else next((const(k.value) for k in call.keywords if k.arg == ` +
  String.raw`"path"), None)
        endpoint = expr(call.args[1]) if len(call.args) > 1 else keywords.get("endpoint")
        listed = next((k.value for k in call.keywords if k.arg == "methods"), None)
        methods = [const(e) for e in listed.elts] if isinstance(listed, (ast.List, ast.Tuple, ast.Set)) else (None ` +
  String.raw`if listed is not None else ["GET"])
        if route_path is None or not isinstance(route_path, str) or endpoint is None or not methods or not ` +
  String.raw`all(isinstance(m, str) for m in methods):
            continue
        out["routeCalls"].append({"line": call.lineno, "endLine": call.end_lineno, "target": call.func.value.id, ` +
  String.raw`"path": route_path,
                                  "endpoint": endpoint, "methods": [m.lower() for m in methods], "keywords": keywords})
    def visit(body, prefix):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out["functions"].append(function_summary(node, prefix + node.name))
                visit(node.body, prefix + node.name + ".")
            elif isinstance(node, ast.ClassDef):
                visit(node.body, prefix + node.name + ".")
    visit(tree.body, "")
    return out


for raw in sys.stdin:
    if not raw.strip():
        continue
    request = json.loads(raw)
    path = request["path"]
    try:
        result = summarise(path, request["source"])
    except SyntaxError as error:
        result = {"path": path, "error": f"SyntaxError: {error.msg} (line {error.lineno})"}
    except (OSError, UnicodeDecodeError, RecursionError, ValueError) as error:
        result = {"path": path, "error": f"{type(error).__name__}: {error}"}
    sys.stdout.write(json.dumps(result) + "\n")
`;
