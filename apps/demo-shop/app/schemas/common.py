from pydantic import BaseModel


class Message(BaseModel):
    detail: str


class Health(BaseModel):
    status: str


class Meta(BaseModel):
    git_sha: str
    started_at: str
    t_ms: int


NOT_FOUND = {404: {"model": Message, "description": "A referenced resource does not exist"}}
CONFLICT = {409: {"model": Message, "description": "The request conflicts with the resource's state"}}
