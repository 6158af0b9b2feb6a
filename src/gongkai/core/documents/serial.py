"""A :class:`~gongkai.core.documents.Document` as plain JSON values and back, so that a document can be
handed to a background task (which renders it later, in the worker) exactly as it was built."""

from dataclasses import asdict

from .model import Cell, Document, Heading, Paragraph, Table

_KINDS = {"heading": Heading, "paragraph": Paragraph, "table": Table}


def document_to_data(doc: Document) -> dict:
    data = asdict(doc)
    data["blocks"] = [{"kind": _kind_of(block), **asdict(block)} for block in doc.blocks]
    return data


def document_from_data(data: dict) -> Document:
    blocks = []
    for raw in data.get("blocks", []):
        fields = dict(raw)
        kind = _KINDS[fields.pop("kind")]
        if kind is Table:
            fields["rows"] = [[Cell(**cell) for cell in row] for row in fields["rows"]]
        blocks.append(kind(**fields))
    return Document(**{**data, "blocks": blocks})


def _kind_of(block) -> str:
    for name, kind in _KINDS.items():
        if isinstance(block, kind):
            return name
    raise TypeError(f"not a document block: {block!r}")
