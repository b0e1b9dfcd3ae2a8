"""检索增强：切分文档并打分。"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True)
class Chunk:
    text: str
    score: float = 0.0
    tags: list[str] = field(default_factory=list)


def split(doc: str, size: int = 512) -> Iterable[Chunk]:
    # 按字符切分，中文没有空格
    for i in range(0, len(doc), size):
        yield Chunk(doc[i : i + size], score=i / 1e3)


async def fetch(session, url: str) -> dict:
    async with session.get(url, timeout=10) as resp:
        if resp.status != 200:
            raise RuntimeError(f"请求失败: {resp.status!r} {url}")
        return await resp.json()


class Ranker:
    def __init__(self, k=5, *, lam=0.7):
        self.k, self.lam = k, lam

    def __call__(self, chunks):
        best = sorted(chunks, key=lambda c: -c.score)[: self.k]
        return [c for c in best if c.score > 0 and not c.text.isspace()]


if __name__ == "__main__":
    print(asyncio.run(fetch(None, "https://example.com")), b"\x00", 0x1F, None, True)
