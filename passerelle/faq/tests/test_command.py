"""`passerelle faq export|import|suggest`: one row per entry and language, upsert by id,
checked before writing, a dry run that writes nothing, suggestions as ranked ids."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from passerelle.faq.models import FaqEmbedding, FaqEntry
from passerelle.faq.services import faq_entry_save

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_network")]


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("faq", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def entry(mod_role):
    today = timezone.localdate(timezone=mod_role.service.tz)
    return faq_entry_save(
        role=mod_role,
        entry=FaqEntry(
            title="Health card",
            answers={"en": "At ServiceOntario.", "fr": "À ServiceOntario."},
            source_name="ServiceOntario",
            source_url="https://www.ontario.ca/ohip",
            last_verified_on=today - timedelta(days=3),
            review_by=today + timedelta(days=90),
        ),
        phrasings={"en": ["How do I get OHIP?", "health card"], "fr": ["Carte santé ?"]},
    )


def test_export_csv_one_row_per_entry_and_language(service, entry):
    rows = list(csv.DictReader(io.StringIO(run("export", "--service", service.slug))))
    assert [(r["id"], r["language"]) for r in rows] == [
        (str(entry.pk), "en"),
        (str(entry.pk), "fr"),
    ]
    assert list(rows[0])[:7] == [
        "id",
        "language",
        "question",
        "answer",
        "source",
        "last_verified",
        "review_by",
    ]
    assert rows[0]["question"] == "How do I get OHIP?\nhealth card"
    assert rows[1]["answer"] == "À ServiceOntario." and rows[1]["source"] == "ServiceOntario"
    assert rows[0]["review_by"] == entry.review_by.isoformat()


def test_export_json_to_a_file_and_import_it_again_changes_nothing(service, entry, tmp_path):
    out = tmp_path / "faq.json"
    run("export", "--service", service.slug, "--format", "json", "--out", str(out))
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {r["language"] for r in rows} == {"en", "fr"}
    said = run("import", str(out), "--service", service.slug)
    assert "0 created, 0 updated, 1 unchanged" in said


def test_import_upserts_by_id_and_embeds(service, entry, tmp_path):
    path = tmp_path / "faq.csv"
    path.write_text(
        "id,language,question,answer,source,last_verified,review_by\n"
        f'{entry.pk},fr,"Comment avoir la carte santé ?",Dans un centre ServiceOntario.,,,\n'
        "bus,en,How do I get a bus pass?,At an OC Transpo centre.,OC Transpo,2026-01-10,\n"
        "bus,fr,Laissez-passer d'autobus ?,Dans un centre OC Transpo.,OC Transpo,2026-01-10,\n",
        encoding="utf-8",
    )
    said = run("import", str(path), "--service", service.slug)
    assert "1 created, 1 updated, 0 unchanged" in said
    entry.refresh_from_db()
    assert entry.answers["fr"] == "Dans un centre ServiceOntario."
    assert entry.answers["en"] == "At ServiceOntario."  # a language not in the file stays
    assert list(entry.phrasings.filter(language="fr").values_list("text", flat=True)) == [
        "Comment avoir la carte santé ?"
    ]
    bus = FaqEntry.objects.get(service=service, title="How do I get a bus pass?")
    assert set(bus.answers) == {"en", "fr"} and bus.source_name == "OC Transpo"
    assert str(bus.last_verified_on) == "2026-01-10" and bus.review_by > bus.last_verified_on
    assert set(FaqEmbedding.objects.filter(entry=bus).values_list("language", flat=True)) == {
        "en",
        "fr",
    }


def test_a_dry_run_writes_nothing_and_problems_stop_the_whole_file(service, entry, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(
        "id,language,question,answer\n,en,Where is the food bank?,Call 211.\n", encoding="utf-8"
    )
    said = run("import", str(good), "--service", service.slug, "--dry-run")
    assert "dry run" in said and "1 created" in said
    assert FaqEntry.objects.filter(service=service).count() == 1

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,language,question,answer,last_verified\n"
        ",en,Where is the food bank?,Call 211.,\n"
        "99999,en,Unknown entry,x,\n"
        ",english,Bad language,x,\n"
        ",fr,,Pas de question,\n"
        ",en,No date,x,31/12/2026\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="4 problem"):
        run("import", str(bad), "--service", service.slug)
    assert FaqEntry.objects.filter(service=service).count() == 1  # the good row neither


def test_suggest_gives_ranked_ids_as_json(service, entry):
    result = json.loads(
        run("suggest", "--service", service.slug, "--text", "بطاقة صحية OHIP", "--top", "3")
    )
    assert result["suggestions"][0] == {
        "rank": 1,
        "id": entry.pk,
        "title": "Health card",
        "language": "en",
    }
    assert result["review_overdue"] == []


def test_an_unknown_service_is_an_error():
    with pytest.raises(CommandError, match="no service"):
        run("export", "--service", "nope")
