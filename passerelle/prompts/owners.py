"""The owners of prompts: who receives an answer, found by the prompt's owner name.

An app above the engine (intake, referrals, surveys…) registers a handler once, in its
AppConfig.ready(): `owners.register("intake", IntakeOwner())`. The engine never imports
its owners; it calls them by name:

- `answered(*, prompt, answer, at) -> None`: store the answer in the owner's tables, then
  ask what comes next (prompt_ask) if anything does;
- `expired(*, prompt, at) -> None`: the prompt's deadline passed unanswered;
- optional `reminded(*, prompt, at) -> None`: the one reminder was just sent;
- optional `follow_up(*, prompt, answer, at) -> dict | None`: a multi-step owner (the
  intake) names its next question before the answer is stored — prompt_ask's keywords
  (`key`, `kind`, `wording`, `options`, `skippable`, `language`, `remind_at`,
  `expires_at`, `show_options`, `reask`, `before`) — and the engine turns the answered
  row into it in the one update that claims the answer; None ends the owner's questions;
- optional `reask_line(*, prompt) -> str`: the owner's own "sorry, I did not understand";
- optional `reminder_texts(*, prompts, at) -> {prompt id: [texts]}`: what the reminders
  of many of its prompts say, when not the engine's line and the question;
- optional `expired_many(*, prompts, at) -> None`: `expired` for many at once (a sweep).
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
