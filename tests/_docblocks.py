"""The fenced code blocks of the README and the guides (``docs/*.md``), and
the files the type checkers are given for them. Shared by test_docs.py (which
runs the blocks and checks them with mypy) and _checkers.py (which adds them
to the one pyright run of the suite)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDES = sorted((ROOT / "docs").glob("*.md"))
DOCUMENTS = [README, *GUIDES]

# --- reading fenced blocks ------------------------------------------------------------

FENCE = re.compile(r"^```(\S*)\s*$")
SKIP = re.compile(r"^<!--\s*skip:\s*(\S.*\S)\s*-->$")
REPORTS = "<!-- mypy-reports -->"
# The fenced blocks a reports example is followed by: mypy's messages, then pyright's.
CHECKERS = ("mypy", "pyright")


@dataclass(frozen=True)
class Block:
    """A fenced ``python`` block and what the document says about it."""

    path: Path
    line: int  # 1-based line number of the block's first code line
    code: str
    skip: str | None  # the stated reason, if skipped
    reports: bool  # a reports example: mypy's and pyright's messages follow it
    expected: str | None  # the following ``output`` (or ``mypy``) block
    pyright: str | None = None  # a reports example's ``pyright`` block

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def fences(path: Path) -> list[tuple[str, int, list[str], str]]:
    """Every fenced block: (info string, first code line, lines, line before the fence)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[tuple[str, int, list[str], str]] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m is None:
            i += 1
            continue
        before = next((ln.strip() for ln in reversed(lines[:i]) if ln.strip()), "")
        start = i + 1
        j = start
        while j < len(lines) and lines[j].rstrip() != "```":
            j += 1
        if j == len(lines):
            raise AssertionError(f"{path.name}:{i + 1}: unclosed code fence")
        out.append((m.group(1), start + 1, lines[start:j], before))
        i = j + 1
    return out


@cache
def blocks(path: Path) -> tuple[Block, ...]:
    found = fences(path)
    out: list[Block] = []
    for k, (info, line, code, before) in enumerate(found):
        if info != "python":
            continue
        nxt = found[k + 1] if k + 1 < len(found) else None
        reports = before == REPORTS
        want = "mypy" if reports else "output"
        expected = "\n".join(nxt[2]) if nxt is not None and nxt[0] == want else None
        after = found[k + 2] if reports and k + 2 < len(found) else None
        pyright = "\n".join(after[2]) if after is not None and after[0] == "pyright" else None
        skip = SKIP.match(before)
        out.append(
            Block(
                path,
                line,
                "\n".join(code) + "\n",
                skip and skip.group(1),
                reports,
                expected,
                pyright,
            )
        )
    return tuple(out)


def runnable(path: Path) -> list[Block]:
    return [b for b in blocks(path) if b.skip is None and not b.reports]




@dataclass(frozen=True)
class Checked:
    """One file given to the checkers: the blocks it holds, where each starts in it."""

    name: str
    source: str
    spans: tuple[tuple[Block, int], ...]  # (block, first line in the file)
    reports: Block | None  # the mypy-reports block checked by this file


def checked_files() -> list[Checked]:
    files: list[Checked] = []
    for path in DOCUMENTS:
        stem = re.sub(r"\W", "_", path.stem.lower())
        context: list[Block] = []
        for block in blocks(path):
            if block.skip is not None:
                continue
            if block.reports:
                files.append(
                    assemble(f"doc_{stem}_reports_{block.line}", [*context, block], block)
                )
            else:
                context.append(block)
        files.append(assemble(f"doc_{stem}", context, None))
    return files


def assemble(name: str, parts: list[Block], reports: Block | None) -> Checked:
    source: list[str] = []
    spans: list[tuple[Block, int]] = []
    for block in parts:
        spans.append((block, len(source) + 1))
        source.extend(block.code.splitlines())
    return Checked(name, "\n".join(source) + "\n", tuple(spans), reports)


def locate(f: Checked, line: int) -> str:
    for block, start in reversed(f.spans):
        if line >= start:
            return f"{block.where} (+{line - start})"
    return f"{f.name}:{line}"
