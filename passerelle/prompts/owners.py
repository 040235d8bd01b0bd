"""The owners of prompts: who receives an answer, found by the prompt's owner name.

An app above the engine (intake, referrals, surveys…) registers a handler once, in its
AppConfig.ready(): `owners.register("intake", IntakeOwner())`. The engine never imports
its owners; it calls them by name:

- `answered(*, prompt, answer, at) -> None`: store the answer in the owner's tables, then
  ask what comes next (prompt_ask) if anything does;
- `expired(*, prompt, at) -> None`: the prompt's deadline passed unanswered;
- optional `reminded(*, prompt, at) -> None`: the one reminder was just sent.
"""

_handlers: dict = {}


def register(name: str, handler) -> None:
    """Make `handler` the receiver of the answers of prompts owned by `name`."""
    _handlers[name] = handler


def handler_for(name: str):
    """The registered handler of `name` (KeyError for an owner nobody registered)."""
    return _handlers[name]


def registered() -> dict:
    """name -> handler, for the docs and tests."""
    return dict(_handlers)
