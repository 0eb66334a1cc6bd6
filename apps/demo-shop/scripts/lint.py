"""Static hygiene check for the Python sources: parses files, never imports them.

Checks: valid syntax (ast.parse), no tab indentation, no trailing whitespace,
lines at most 120 characters, a newline at end of file.
"""
import ast
import sys
from pathlib import Path

MAX_LINE = 120


def check(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    problems = []
    try:
        ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        problems.append(f"{path}:{exc.lineno}: syntax error: {exc.msg}")
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("\t"):
            problems.append(f"{path}:{n}: tab indentation")
        if line != line.rstrip():
            problems.append(f"{path}:{n}: trailing whitespace")
        if len(line) > MAX_LINE:
            problems.append(f"{path}:{n}: line longer than {MAX_LINE}")
    if text and not text.endswith("\n"):
        problems.append(f"{path}: no newline at end of file")
    return problems


def main(roots: list[str]) -> int:
    files = sorted(p for root in roots for p in Path(root).rglob("*.py") if ".venv" not in p.parts)
    problems = [msg for f in files for msg in check(f)]
    for msg in problems:
        print(msg)
    print(f"lint: {len(files)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["app", "tests", "scripts"]))
