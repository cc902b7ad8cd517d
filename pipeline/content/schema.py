"""JSON Schemas of the content files, for editors' YAML language servers."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.content.model import FILES
from pipeline.fsutil import write_text


def write_schemas(out: Path) -> list[Path]:
    """Write one `<file>.schema.json` per content file; return the paths."""
    written = []
    for fname, cls in FILES.items():
        schema = cls.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"content/{fname}"
        path = out / f"{fname.removesuffix('.yaml')}.schema.json"
        write_text(path, json.dumps(schema, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written
