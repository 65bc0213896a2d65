"""The add-ons' translation files as Odoo reads them: every file loads, every entry of the
template is translated in each language, and texts written by Python code carry the comment that
makes Odoo translate them at run time (without it a user reads English)."""

from pathlib import Path

import pytest

from odoo.tools.translate import JAVASCRIPT_TRANSLATION_COMMENT, PYTHON_TRANSLATION_COMMENT, PoFileReader

ADDONS = Path(__file__).resolve().parent.parent / "addons"
PO_FILES = sorted(ADDONS.glob("*/i18n/*.po"))
CODE_COMMENTS = {".py": PYTHON_TRANSLATION_COMMENT, ".js": JAVASCRIPT_TRANSLATION_COMMENT}


def read(path):
    with open(path, "rb") as file:
        return list(PoFileReader(file))


@pytest.mark.parametrize("po", PO_FILES, ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_each_language_file_loads_and_translates_every_text_of_the_template(po):
    rows = read(po)
    template = {row["src"] for row in read(po.with_name(f"{po.parent.parent.name}.pot"))}
    assert template <= {row["src"] for row in rows}, "texts of the template missing in the language"
    untranslated = sorted({row["src"][:60] for row in rows if not row["value"]})
    assert not untranslated, f"untranslated: {untranslated[:5]}"


@pytest.mark.parametrize("po", PO_FILES, ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_texts_of_python_and_javascript_code_are_marked_for_translation_at_run_time(po):
    unmarked = sorted(
        row["src"][:60]
        for row in read(po)
        if row["type"] == "code" and CODE_COMMENTS.get(Path(row["name"]).suffix) not in row["comments"]
    )
    assert not unmarked, f"code texts Odoo would leave in English: {unmarked[:5]}"
