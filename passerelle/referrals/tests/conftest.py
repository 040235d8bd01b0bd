from passerelle.questions.tests.conftest import mod_role  # noqa: F401
from passerelle.testing.fakeplatforms.fixtures import fake_graph  # noqa: F401
