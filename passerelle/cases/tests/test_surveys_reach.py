"""§8: a satisfaction survey of a one-to-one service reaches its clients, who have a
client file and no membership of a group."""

import pytest

from passerelle.cases.models import ClientFile
from passerelle.cases.tests.helpers import make_file
from passerelle.surveys.selectors import audience_members

pytestmark = pytest.mark.django_db


def test_a_survey_audience_counts_the_clients_being_served(service):
    served = make_file(service, language="ar")
    limited = make_file(service, language="en", status=ClientFile.Status.LIMITED)
    make_file(service, status=ClientFile.Status.CLOSED)
    assert list(audience_members(service, {})) == [served.member, limited.member]
    assert list(audience_members(service, {"languages": ["en"]})) == [limited.member]
    # An audience by joining date or intake answer is about group members: no client.
    assert list(audience_members(service, {"joined_after": "2020-01-01"})) == []
