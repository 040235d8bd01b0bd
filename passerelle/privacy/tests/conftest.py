from passerelle.testing.fakeplatforms.fixtures import fake_telegram  # noqa: F401
