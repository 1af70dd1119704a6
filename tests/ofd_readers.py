"""What two OFD readers from PyPI read of an OFD file, as JSON on standard output.

Used by tests/ofd_documents.rs, run with the venv scripts/test makes (target/ofd-venv, with
ofdkit and easyofd installed from PyPI). For each reader: the pages, each with its size in
mm and its text in the order the reader extracts it, plus what the reader read of the
document's metadata and fonts. A reader that fails reports its error instead.

    python tests/ofd_readers.py FILE.ofd
"""

import base64
import contextlib
import json
import sys
import traceback


def read_ofdkit(path):
    import ofdkit

    with ofdkit.open(path) as doc:
        info = doc.info
        return {
            "title": info.title,
            "author": info.author,
            "creation_date": info.creation_date,
            "pages": [
                {
                    "width": page.width,
                    "height": page.height,
                    "text": "".join(run.text for run in page.runs),
                }
                for page in doc.pages
            ],
        }


def read_easyofd(path):
    import logging

    logging.disable(logging.CRITICAL)
    from loguru import logger

    logger.remove()
    from easyofd.parser_ofd import OFDParser

    with open(path, "rb") as f:
        data = base64.b64encode(f.read()).decode()
    doc = OFDParser(data)()[0]
    default = doc.get("default_page_size") or []
    sizes = doc.get("page_size") or []
    pages = []
    info = doc.get("page_info") or {}
    for index in sorted(info):
        size = sizes[index] if index < len(sizes) and sizes[index] else default
        texts = [t.get("text", "") for t in info[index].get("text_list", [])]
        pages.append(
            {
                "width": float(size[2]) if len(size) == 4 else None,
                "height": float(size[3]) if len(size) == 4 else None,
                "text": "".join(texts),
            }
        )
    fonts = doc.get("fonts") or {}
    return {
        "pages": pages,
        "fonts": {
            font_id: {
                "name": font.get("@FontName") or font.get("FontName"),
                "family": font.get("@FamilyName") or font.get("FamilyName"),
                "embedded_bytes": len(base64.b64decode(font.get("font_b64") or "")),
            }
            for font_id, font in fonts.items()
        },
    }


def main():
    path = sys.argv[1]
    out = {}
    for name, reader in (("ofdkit", read_ofdkit), ("easyofd", read_easyofd)):
        try:
            # easyofd prints as it parses: keep standard output for the JSON.
            with contextlib.redirect_stdout(sys.stderr):
                out[name] = reader(path)
        except Exception:  # a reader's failure is the test's finding, not a crash
            out[name] = {"error": traceback.format_exc()}
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
