from passerelle.questions.tests.conftest import mod_role  # noqa: F401
