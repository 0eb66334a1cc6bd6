import os
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

from fastapi import APIRouter

from app.schemas.common import Health, Meta

router = APIRouter(tags=["system"])

STARTED_AT = datetime.now(timezone.utc).isoformat()


def _git_sha() -> str:
    sha = os.environ.get("GIT_SHA")
    if sha:
        return sha
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=3,
            check=True,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


GIT_SHA = _git_sha()


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(status="ok")


@router.get("/__meta", response_model=Meta)
def meta() -> Meta:
    return Meta(git_sha=GIT_SHA, started_at=STARTED_AT, t_ms=int(time.time() * 1000))
