"""The public pages show a choice's label with the choice_label filter, as
get_FOO_display would, in the reader's language."""

import pytest
from django.utils import translation

from projects.models import Region
from projects.templatetags.public import choice_label
from tests.factories import FundingFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ko", "uz", "ru"])
def test_it_gives_what_get_display_gives_in_each_language(language):
    project = ProjectFactory(region=Region.SAMARKAND)
    funding = FundingFactory(project=project, instrument=410)
    with translation.override(language):
        assert str(choice_label(project, "status")) == project.get_status_display()
        assert str(choice_label(project, "region")) == project.get_region_display()
        assert str(choice_label(funding, "instrument")) == funding.get_instrument_display()


def test_it_translates_a_label_when_it_is_shown_not_when_first_looked_up():
    project = ProjectFactory(region=Region.SAMARKAND)
    with translation.override("en"):
        english = str(choice_label(project, "region"))
    with translation.override("ru"):
        assert str(choice_label(project, "region")) == project.get_region_display() != english


def test_it_gives_a_value_that_is_not_a_choice_as_it_is():
    project = ProjectFactory.build(region="UZ-XX")
    assert choice_label(project, "region") == "UZ-XX" == project.get_region_display()
