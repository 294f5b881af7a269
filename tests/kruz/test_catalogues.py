"""Every translation catalogue is one GNU gettext accepts whole: `msgfmt --check` checks
the header (plural forms), each entry's plural forms and its format placeholders. In CI
(CI=true) this must run; elsewhere it skips when gettext is not installed."""

import os
import shutil
import subprocess

import pytest
from django.conf import settings

MSGFMT = shutil.which("msgfmt")
CATALOGUES = sorted((settings.BASE_DIR / "locale").glob("*/LC_MESSAGES/*.po"))

pytestmark = pytest.mark.skipif(
    MSGFMT is None and os.environ.get("CI") != "true",
    reason="msgfmt (GNU gettext) is not installed",
)


def test_it_finds_a_catalogue_for_every_language_but_english():
    languages = {path.parent.parent.name for path in CATALOGUES}
    assert languages == {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_it_passes_msgfmt_check(catalogue):
    assert MSGFMT, "msgfmt is not installed: apt-get install gettext"
    result = subprocess.run(
        [MSGFMT, "--check", "--output-file", os.devnull, str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
