"""Write PMS's JSON-shaped dicts as the XML PMS sends when JSON was not asked for.

The mapping is PMS's own: scalars become attributes (booleans as "1"/"0"), a list of dicts
becomes repeated child elements named after the key, a dict becomes one child element.
`Metadata` entries are `<Video>` for movies and episodes and `<Directory>` for shows and
seasons, as in the real server's XML.
"""

from __future__ import annotations

import re
from typing import Any

_NEEDS_ESCAPE = re.compile(r'[&<>"\n\r\t]')
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;",
            "\r": "&#13;", "\t": "&#9;"}  # fmt: skip
VIDEO_TYPES = frozenset({"movie", "episode", "clip", "trailer"})
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def escape(value: str) -> str:
    """An attribute value: markup characters and line breaks as character references."""
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], value)


def _scalar(value: Any) -> str:
    if value is True:
        return "1"
    if value is False:
        return "0"
    if isinstance(value, str):
        return escape(value)
    return str(value)


def _tag_for(key: str, node: dict[str, Any]) -> str:
    if key == "Metadata":
        return "Video" if node.get("type") in VIDEO_TYPES else "Directory"
    return key


def _write(tag: str, node: dict[str, Any], out: list[str]) -> None:
    parts = ["<", tag]
    children: list[tuple[str, list[Any]]] = []
    for key, value in node.items():
        if value is None:
            continue
        if isinstance(value, list):
            children.append((key, value))
        elif isinstance(value, dict):
            children.append((key, [value]))
        else:
            parts.append(f' {key}="{_scalar(value)}"')
    if not children:
        parts.append(" />")
        out.append("".join(parts))
        return
    parts.append(">")
    out.append("".join(parts))
    for key, nodes in children:
        for child in nodes:
            if isinstance(child, dict):
                _write(_tag_for(key, child), child, out)
            else:  # a list of plain values (plex.tv's roles, entitlements): <key id="..."/>
                out.append(f'<{key} id="{_scalar(child)}" />')
    out.append(f"</{tag}>")


def to_xml(root: str, node: dict[str, Any]) -> bytes:
    """A whole XML document with one root element."""
    out: list[str] = [DECLARATION]
    _write(root, node, out)
    out.append("\n")
    return "".join(out).encode("utf-8")
