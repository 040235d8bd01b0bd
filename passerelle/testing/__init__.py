"""Shared test fixtures, factories and fake platform servers."""
