"""Batch rendering: `tactful render --batch FILE --out FILE`, and several request files."""

from __future__ import annotations

import copy
import csv
import fcntl
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tactful.batch import BatchOptions, run_batch
from tactful.batch_input import RowError, SharedParties, csv_columns, decode_csv
from tactful.batch_lint import LintSummariser, summarise
from tactful.cli import main
from tactful.errors import RequestError
from tactful.lint import Linter
from tactful.models import Creditor, parse_request, plain_ascii_json
from tactful.rendering import Renderer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
BASES = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES]
CHANNELS = ("email", "letter", "sms")
CANARY_NAME = "Zebulon Canaryfield"
CANARY_AMOUNT = "-987654.31"


def variant(i: int) -> dict[str, Any]:
    """A valid request: example ``i % 4``, channel ``i % 3``, its own amount and reference."""
    data = copy.deepcopy(BASES[i % len(BASES)])
    data["channel"] = CHANNELS[i % len(CHANNELS)]
    debt = data["debts"][0]
    debt["amount"] = f"{1000 + i % 9000}.{i % 100:02d}"
    debt.pop("amount_paid", None)
    debt["reference"] = f"REF-{i:06d}"
    return data


def bad_row(i: int) -> bytes:
    """Bad rows of several kinds, each carrying canary values that must never be echoed."""
    data = variant(i)
    data["debtor"]["name"] = CANARY_NAME
    kind = i % 6
    if kind == 0:
        data["debts"][0]["amount"] = CANARY_AMOUNT
    elif kind == 1:
        del data["debtor"]
    elif kind == 2:
        return b'{"debtor": {"name": "' + CANARY_NAME.encode() + b'", \n'
    elif kind == 3:
        return json.dumps(data).encode().replace(b"Zebulon", b"Zebulon\xff\xfe") + b"\n"
    elif kind == 4:
        return json.dumps([data]).encode() + b"\n"
    else:
        data["debts"][0]["currency"] = "QQQ"
    return json.dumps(data).encode() + b"\n"


def write_jsonl(path: Path, rows: int, bad: set[int]) -> None:
    with path.open("wb") as handle:
        for number in range(1, rows + 1):
            if number in bad:
                handle.write(bad_row(number))
            else:
                handle.write(json.dumps(variant(number)).encode() + b"\n")


def results(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ------------------------------------------------------------------ 10 000 rows


def test_ten_thousand_rows_every_good_row_rendered_every_bad_row_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = set(range(13, 10_001, 487))
    source, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    write_jsonl(source, 10_000, bad)
    # SMS for every row keeps the test quick; the other tests cover letters and emails
    code, stdout, stderr = run_cli(
        ["render", "--batch", str(source), "--out", str(out), "--workers", "2",
         "--channel", "sms"], capsys
    )
    assert code == 1  # some rows failed
    assert stdout == ""
    lines = results(out)
    assert [r["row"] for r in lines] == list(range(1, 10_001))
    failed = {r["row"] for r in lines if r["status"] == "error"}
    assert failed == bad
    for r in lines:
        if r["status"] == "ok":
            assert r["message"]["text"] and r["audit"]["templates"]
            assert f"REF-{r['row']:06d}" in r["message"]["text"]
            assert r["message"]["channel"] == "sms" and r["message"]["sms_segments"] >= 1
        else:
            assert f"tactful: row {r['row']}: {r['error']['message']}" in stderr
    by_row = {r["row"]: r for r in lines}
    assert by_row[13 + 487 * 0]["error"]["kind"] in {"request", "input"}
    negative = next(n for n in sorted(bad) if n % 6 == 0)
    assert by_row[negative]["error"]["fields"] == ["debts[0].amount"]
    missing = next(n for n in sorted(bad) if n % 6 == 1)
    assert by_row[missing]["error"]["fields"] == ["debtor"]
    currency = next(n for n in sorted(bad) if n % 6 == 5)
    assert by_row[currency]["error"]["fields"] == ["debts[0].currency"]
    # privacy: no debtor value in what is reported about bad rows
    errors = stderr + json.dumps([r for r in lines if r["status"] == "error"])
    for secret in (CANARY_NAME, "Zebulon", "Canaryfield", CANARY_AMOUNT, "987654", "QQQ"):
        assert secret not in errors
    assert f"{10_000 - len(bad)} rendered, {len(bad)} failed" in stderr
    assert not (tmp_path / "results.jsonl.partial").exists()


def test_good_rows_equal_rendering_each_request_alone(tmp_path: Path) -> None:
    source, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    write_jsonl(source, 12, set())
    assert main(["render", "--batch", str(source), "--out", str(out)]) == 0
    renderer = Renderer()
    for r in results(out):
        alone = renderer.render(json.loads(json.dumps(variant(r["row"]))))
        assert r["message"]["text"] == alone.text
        assert r["message"]["subject"] == alone.subject
        assert r["message"]["html"] == alone.html
        assert r["message"]["sms_segments"] == alone.sms_segments
        assert r["audit"]["template"] == alone.audit.template
        assert r["audit"]["templates"] == dict(alone.audit.templates)


@pytest.mark.parametrize("workers", ("1", "2"))
def test_a_stage_the_dates_do_not_allow_is_reported_by_row_and_the_rest_render(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], workers: str
) -> None:
    """--stage formal_notice over rows whose debts are overdue, and one whose debt is not due
    yet at its send date: that row is refused (stage), on the fast validation path of plain
    JSONL rows too, and the others render."""
    rows = [variant(i) for i in (1, 2, 3)]
    rows[1]["debts"][0] |= {"issue_date": "2026-03-01", "due_date": "2026-04-01"}
    lines = [json.dumps(r).encode() for r in rows]
    assert plain_ascii_json(lines[1]), "the fast path (texts already checked) is exercised"
    source, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    code, stdout, stderr = run_cli(["render", "--batch", str(source), "--out", str(out),
                                    "--stage", "formal_notice", "--workers", workers], capsys)
    assert code == 1 and stdout == ""
    by_row = {r["row"]: r for r in results(out)}
    assert [by_row[n]["status"] for n in (1, 2, 3)] == ["ok", "error", "ok"]
    error = by_row[2]["error"]
    assert error["kind"] == "request" and error["fields"] == ["stage"]
    assert error["message"].startswith(
        "invalid request: stage: formal_notice is for a debt that is overdue")
    assert f"tactful: row 2: {error['message']}" in stderr
    assert "2026-04-01" not in stderr
    assert "2 rendered, 1 failed" in stderr


def test_result_lines_are_the_json_of_the_record() -> None:
    """OkLines writes from a template the bytes that dumping the whole record gives."""
    import dataclasses

    from tactful.batch_output import OkLines, dumps_line

    renderer, summariser, lines = Renderer(), LintSummariser(), OkLines()
    messages = [renderer.render(variant(i)) for i in range(12)]  # every example and channel
    odd = dataclasses.replace(
        messages[0], sms_segments=3,
        subject='quote " back \\ slash \u2028 \x7f é € \U0001f600 ' + "".join(map(chr, range(32))),
        sms_encoding=None, html=None,
    )
    for message in [*messages, odd, messages[0]]:  # the last one's audit from the cache
        record: dict[str, Any] = {
            "row": 7, "status": "ok",
            "message": {f.name: getattr(message, f.name)
                        for f in dataclasses.fields(message) if f.name != "audit"},
            "audit": {**dataclasses.asdict(message.audit),
                      "templates": dict(message.audit.templates)},
        }
        assert lines.line(7, message) == dumps_line(record)
        lint = summariser.summary(message)
        assert lines.line(7, message, lint) == dumps_line({**record, "lint": lint})


def test_shared_parties_reuse_one_validated_creditor_and_leave_bad_ones_to_the_request(
) -> None:
    parties = SharedParties()
    rows = [variant(4 * i) for i in range(3)]  # the same example: one creditor, three debtors
    for row in rows:
        plain = parse_request(copy.deepcopy(row))
        parties.substitute(row)
        assert isinstance(row["creditor"], Creditor)
        assert parse_request(row) == plain
    assert rows[0]["creditor"] is rows[1]["creditor"] is rows[2]["creditor"]
    changed = variant(0)
    changed["creditor"]["phone"] = "01 00 00 00 01"  # another creditor: validated on its own
    parties.substitute(changed)
    assert changed["creditor"].phone == "01 00 00 00 01"
    # a creditor that does not validate stays a dict: the request reports its fields
    bad = variant(0)
    bad["creditor"]["email"] = "not an address"
    parties.substitute(bad)
    assert isinstance(bad["creditor"], dict)
    with pytest.raises(RequestError) as info:
        parse_request(bad)
    assert [f for f, _m in info.value.problems] == ["creditor.email"]
    for i in range(SharedParties.LIMIT + 5):  # bounded: emptied when full
        other = variant(0)
        other["creditor"]["name"] = f"Creditor {i}"
        parties.substitute(other)
    assert len(parties._models) <= SharedParties.LIMIT


def test_shared_parties_keep_each_row_its_own_creditor() -> None:
    """Creditors that differ only in their keys' order or a value's type are not shared."""
    parties = SharedParties()
    first, second, third = variant(0), variant(0), variant(0)
    first["creditor"]["legal_ids"] = {"SIREN": "552 100 554", "RCS": "Paris B 552"}
    second["creditor"]["legal_ids"] = {"RCS": "Paris B 552", "SIREN": "552 100 554"}
    third["creditor"]["legal_ids"] = {"RCS": "Paris B 552", "SIREN": 552100554}
    for row in (first, second, third):
        plain = copy.deepcopy(row)
        parties.substitute(row)
        if isinstance(row["creditor"], Creditor):
            assert row["creditor"] == parse_request(plain).creditor
    assert list(first["creditor"].legal_ids) == ["SIREN", "RCS"]
    assert list(second["creditor"].legal_ids) == ["RCS", "SIREN"]
    assert isinstance(third["creditor"], dict)  # an id given as a number does not validate


def test_overrides_apply_to_every_row(tmp_path: Path) -> None:
    source, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    write_jsonl(source, 6, set())
    args = ["render", "--batch", str(source), "--out", str(out), "--channel", "sms",
            "--stage", "formal_notice"]
    assert main(args) == 0
    assert {(r["message"]["channel"], r["message"]["stage"]) for r in results(out)} == {
        ("sms", "formal_notice")
    }


# ------------------------------------------------------------------ workers and lint


def test_two_workers_give_the_same_output_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tactful.batch as batch

    # small chunks: many chunks in flight, finishing out of order, and a short last one
    monkeypatch.setattr(batch, "CHUNK", 7)
    source = tmp_path / "requests.jsonl"
    write_jsonl(source, 200, {5, 150, 199})
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["render", "--batch", str(source), "--out", str(one), "--lint"]) == 1
    assert main(["render", "--batch", str(source), "--out", str(two), "--lint",
                 "--workers", "2"]) == 1
    assert one.read_bytes() == two.read_bytes()


def test_the_pool_handler_thread_does_not_wake_on_every_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stock pool's worker-handler thread loops while a result is in the pipe (hundreds
    of times a chunk); the batch's pool waits for workers' exits and state changes only."""
    from multiprocessing.pool import Pool

    import tactful.batch as batch

    assert "_get_sentinels" in vars(Pool)  # the hook the batch's pool overrides
    wakeups = 0
    wait = Pool._wait_for_updates

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal wakeups
        wakeups += 1
        return wait(*args, **kwargs)

    monkeypatch.setattr(Pool, "_wait_for_updates", staticmethod(counted))
    monkeypatch.setattr(batch, "CHUNK", 256)
    source, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    write_jsonl(source, 2048, set())
    options = BatchOptions(workers=2, overrides=(("channel", "sms"),))
    assert run_batch(source, out, options, stderr=io.StringIO()).ok == 2048
    assert wakeups < 20  # 8 chunks; the stock pool wakes about 100 times per chunk


def test_lint_adds_a_summary_equal_to_linting_the_message(tmp_path: Path) -> None:
    rows = [variant(i) for i in range(8)]
    harsh = variant(10)  # English (uk_consumer)
    harsh["channel"] = "email"
    harsh["debts"][0]["description"] = "Final warning: pay immediately or we will take you to court"
    rows.append(harsh)
    source, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    plain = tmp_path / "plain.jsonl"
    assert main(["render", "--batch", str(source), "--out", str(plain)]) == 0
    assert all("lint" not in r for r in results(plain))
    assert main(["render", "--batch", str(source), "--out", str(out), "--lint"]) == 0
    linter, renderer = Linter(), Renderer()
    for r, request in zip(results(out), rows, strict=True):
        report = linter.lint(renderer.render(request))
        findings = report.all_findings
        summary = r["lint"]
        assert summary["findings"] == len(findings)
        assert summary["codes"] == {c: sum(f.code == c for f in findings)
                                    for c in {f.code for f in findings}}
        assert summary["ok"] == report.ok
        assert sum(summary["severities"].values()) == len(findings)
    assert results(out)[-1]["lint"]["ok"] is False  # the data's threat is found
    assert results(out)[-1]["lint"]["categories"].get("threat", 0) >= 1


def test_cached_lint_summaries_equal_full_lint_on_every_builtin_template() -> None:
    renderer, linter = Renderer(), Linter()
    summariser = LintSummariser(linter)
    stages = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
    profiles = ("standard", "first_time", "repeat", "hardship", "business")
    compared = with_findings = shared = 0
    for base in BASES:
        for stage in stages:
            for channel in CHANNELS:
                for profile in profiles:
                    seen: set[str] = set()
                    for amount in ("100", "4321.5"):  # twice: the second pass hits the cache
                        data = copy.deepcopy(base)
                        data.update(stage=stage, channel=channel, profile=profile)
                        data["debts"][0]["amount"] = amount
                        data["debts"][0].pop("amount_paid", None)
                        message = renderer.render(data)
                        full = linter.lint(message).all_findings
                        expected = summarise([(f.code, f.category, f.severity) for f in full])
                        assert summariser.summary(message) == expected, message.audit.template
                        compared += 1
                        with_findings += bool(full)
                        paragraphs = set(message.text.split("\n\n"))
                        shared += len(paragraphs & seen)
                        seen |= paragraphs
    assert compared == 600
    assert with_findings > 0  # the comparison covers messages with findings
    # paragraphs the two renderings share were linted once
    assert shared > 1000 and summariser.hits >= shared


SYNTHETIC = [
    ("en", "ACCOUNT STATEMENT\n\nPlease pay the balance of your account when you can."),
    ("en", "Pay today!\n\nReally, today!\n\nPlease!\n\nThank you."),
    ("en", "PAY NOW OR ELSE\n\nWe will take you to court and seize your wages."),
    ("en", "Hello {{ name }},\n\nYour balance is due on [DATE]."),
    ("en", "Notwithstanding the aforementioned contractual stipulations, the outstanding "
           "indebtedness, inclusive of accrued statutory interest and ancillary remuneration, "
           "necessitates immediate remittance.\n\nNotwithstanding subsequent correspondence, "
           "prospective enforcement remains contemplated under applicable legislative provisions, "
           "notwithstanding any purported dispute."),
    ("en", "We may start legal proceedings.\ntactful: ignore[THR001] lawful notice\n\n"
           "Pay by 1 May or we will sue you."),
    ("fr", "RELANCE\n\nVous devez payer immédiatement, sinon huissier !\n\nMerci !!"),
    ("fr", "Madame,\n\nVous auriez dû payer depuis longtemps. Avez-vous honte ?"),
    # GLT900 (the model) alone, and where a guilt rule already flagged the sentence
    ("en", "Dear Sam,\n\nWe gave you every chance and this is how you repay us.\n\nThanks."),
    ("fr", "Madame,\n\nNous vous avons fait confiance et voilà comment vous nous remerciez."),
]


@pytest.mark.parametrize(("lang", "text"), SYNTHETIC)
def test_cached_lint_summaries_equal_full_lint_on_texts_that_span_paragraphs(
    lang: str, text: str
) -> None:
    """Headings, exclamation counts, readability and suppressions depend on the whole text."""
    from types import SimpleNamespace

    linter = Linter()
    summariser = LintSummariser(linter)
    for stage in ("reminder", "formal_notice"):
        for channel, subject in (("email", "URGENT: PAY NOW!"), ("sms", None)):
            message = SimpleNamespace(text=text, subject=subject, locale=lang, stage=stage,
                                      channel=channel, profile="standard")
            full = linter.lint(message).all_findings
            expected = summarise([(f.code, f.category, f.severity) for f in full])
            assert summariser.summary(message) == expected
            assert summariser.summary(message) == expected  # from the cache too


def test_whole_text_findings_take_the_configured_severity() -> None:
    """Whole-text checks run outside the cached paragraphs: their findings take the severity
    the linter gives them (a configuration override here), as a full lint does."""
    from types import SimpleNamespace

    from tactful.config import Config

    linter = Linter(config=Config(severity={"PRS901": "info", "PRS902": "error"}))
    message = SimpleNamespace(text="Bonjour,\n\nPAYEZ MAINTENANT !! Merci !", subject=None,
                              locale="fr", stage="reminder", channel="sms", profile="standard")
    full = linter.lint(message).all_findings
    assert {(f.code, f.severity) for f in full} >= {("PRS901", "info"), ("PRS902", "error")}
    expected = summarise([(f.code, f.category, f.severity) for f in full])
    assert LintSummariser(linter).summary(message) == expected
    rule = next(r for r in linter.rules if r.code == "PRS902")
    assert linter.severity(rule, "reminder") == "error"
    assert Linter().severity(rule, "reminder") == "warning"


# ------------------------------------------------------------------ CSV


def flatten(data: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from flatten(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from flatten(value, f"{prefix}{index}.")
    else:
        value = data if not isinstance(data, bool) else str(data).lower()
        yield prefix[:-1], str(value)


def test_csv_rows_map_dotted_columns_to_the_request(tmp_path: Path) -> None:
    requests = [variant(i) for i in range(4)]
    columns: list[str] = []
    for request in requests:
        for name, _value in flatten(request):
            if name not in columns:
                columns.append(name)
    assert "debts.0.amount" in columns and "debtor.address.lines.0" in columns
    source = tmp_path / "requests.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for request in requests:
            writer.writerow(dict(flatten(request)))
        bad = dict(flatten(requests[0]))
        bad["debts.0.amount"] = CANARY_AMOUNT
        bad["debtor.name"] = CANARY_NAME
        writer.writerow(bad)
    out = tmp_path / "results.jsonl"
    code = main(["render", "--batch", str(source), "--out", str(out)])
    assert code == 1
    lines = results(out)
    assert [r["row"] for r in lines] == [1, 2, 3, 4, 5]
    renderer = Renderer()
    for r, request in zip(lines, requests, strict=False):
        assert r["status"] == "ok"
        assert r["message"]["text"] == renderer.render(request).text
    assert lines[4]["status"] == "error"
    assert lines[4]["error"]["fields"] == ["debts[0].amount"]
    assert CANARY_NAME not in out.read_text(encoding="utf-8").split('"row":5', 1)[1]
    pooled = tmp_path / "pooled.jsonl"
    assert main(["render", "--batch", str(source), "--out", str(pooled), "--workers", "2"]) == 1
    assert pooled.read_bytes() == out.read_bytes()


def test_csv_decoding_closes_list_gaps_and_skips_empty_cells() -> None:
    header = ["debtor.name", "debts.0.amount", "debts.1.amount", "debts.2.amount",
              "creditor.legal_ids.SIREN"]
    columns = csv_columns(header)
    data = decode_csv(["A", "10", "", "30", ""], columns, header)
    assert data == {"debtor": {"name": "A"}, "debts": [{"amount": "10"}, {"amount": "30"}]}
    with pytest.raises(RowError, match="has 2 cells"):
        decode_csv(["A", "10"], columns, header)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("debtor.name,nonsense.x\n", "'nonsense.x' is not a request field"),
        ("debtor.name,debtor.name\n", "appears twice"),
        ("debtor,debtor.name\n", "'debtor' is also used as a parent"),
        ("debtor..name\n", "column 1 has an empty or malformed name"),
        ("", "empty CSV file"),
    ],
)
def test_bad_csv_header_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, message: str
) -> None:
    source = tmp_path / "requests.csv"
    source.write_text(header + "x,y\n", encoding="utf-8") if header else source.write_text("")
    code, _out, err = run_cli(
        ["render", "--batch", str(source), "--out", str(tmp_path / "r.jsonl")], capsys
    )
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "r.jsonl").exists() and not (tmp_path / "r.jsonl.partial").exists()


# ------------------------------------------------------------------ interruption


ROWS = 5000
BAD_ROWS = {77, 1400}


@pytest.fixture(scope="module")
def batch_and_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """5 000 rows (two bad) and the output of an uninterrupted run.

    Large enough that an idle machine cannot finish the batch between the first
    complete line and the signal."""
    folder = tmp_path_factory.mktemp("reference")
    source, reference = folder / "requests.jsonl", folder / "reference.jsonl"
    write_jsonl(source, ROWS, BAD_ROWS)
    assert main(["render", "--batch", str(source), "--out", str(reference)]) == 1
    return source, reference


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def start_batch(
    source: Path, out: Path, workers: str, **popen: Any
) -> Iterator[subprocess.Popen[str]]:
    """``tactful render --batch`` in a child process, yielded once it has written 50 kB of
    results (or after a minute).

    It reads the first rows of ``source`` (~900 kB, more than a worker's chunk) through a
    named pipe kept open until the block ends: it cannot reach the end of its input, so a
    signal sent in the block always finds it running, however fast the machine."""
    partial = out.with_name(out.name + ".partial")
    feed = Path(tempfile.mkdtemp(prefix="tactful-feed-"))
    pipe = feed / "requests.jsonl"
    os.mkfifo(pipe)
    rows, size = [], 0
    for line in source.read_bytes().splitlines(keepends=True):
        if size + len(line) > 900_000:
            break
        rows.append(line)
        size += len(line)
    assert len(rows) > 512  # a pooled run renders at least one chunk
    # read-write: opening does not wait for the reader, and the pipe never reports an end
    fd = os.open(pipe, os.O_RDWR | os.O_NONBLOCK)
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)  # (Linux) all the rows fit in the pipe
        assert os.write(fd, b"".join(rows)) == size
        cmd = [sys.executable, "-m", "tactful", "render", "--batch", str(pipe), "--out", str(out),
               "--workers", workers]
        # (a test run started in the background inherits an ignored SIGINT, which Python then
        # keeps ignoring: the child gets the default disposition, as in a terminal)
        proc = subprocess.Popen(cmd, text=True, cwd=out.parent, preexec_fn=_default_sigint,
                                **popen)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if partial.exists() and partial.stat().st_size > 50_000:
                break
            time.sleep(0.02)
        yield proc
    finally:
        os.close(fd)
        shutil.rmtree(feed, ignore_errors=True)


@pytest.mark.parametrize(
    ("signum", "workers"), [(signal.SIGINT, "1"), (signal.SIGTERM, "1"), (signal.SIGINT, "2")]
)
def test_interrupted_batch_keeps_complete_lines_and_resume_completes_it(
    tmp_path: Path, signum: int, workers: str, batch_and_reference: tuple[Path, Path]
) -> None:
    source, reference = batch_and_reference
    out = tmp_path / "results.jsonl"
    partial = tmp_path / "results.jsonl.partial"
    with start_batch(source, out, workers, stderr=subprocess.PIPE) as proc:
        proc.send_signal(signum)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "--resume" in err and str(partial.name) in err and "Traceback" not in err
    assert not out.exists()  # nothing half-written under the final name
    assert [p.name for p in tmp_path.iterdir() if "spool" in p.name] == []  # workers' files
    data = partial.read_bytes()
    assert data.endswith(b"\n")
    done = [json.loads(line) for line in data.splitlines()]
    assert 0 < len(done) < ROWS
    assert [r["row"] for r in done] == list(range(1, len(done) + 1))
    # a hard kill may cut the last line: resume drops it
    with partial.open("ab") as handle:
        handle.write(b'{"row": ' + str(len(done) + 1).encode() + b', "status": "o')
    code = main(["render", "--batch", str(source), "--out", str(out), "--resume",
                 "--workers", workers])
    # 1 when a bad row is left for the resumed run (on a loaded machine two workers may have
    # written three chunks of 512 rows, past both bad rows, before the signal lands)
    assert code == (1 if max(BAD_ROWS) > len(done) else 0)
    assert not partial.exists()
    assert out.read_bytes() == reference.read_bytes()


def test_hard_killed_pooled_run_is_resumed_and_its_spool_removed(
    tmp_path: Path, batch_and_reference: tuple[Path, Path]
) -> None:
    """kill -9 leaves the workers' spool directory behind (nothing can run then): the next run
    to the same output removes it."""
    source, reference = batch_and_reference
    out = tmp_path / "results.jsonl"
    with start_batch(source, out, "2", stderr=subprocess.DEVNULL, start_new_session=True) as proc:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    spools = [p for p in tmp_path.iterdir() if p.name.startswith(".results.jsonl.spool-")]
    assert len(spools) == 1 and not out.exists()
    assert spools[0].stat().st_mode & 0o077 == 0  # readable by the user only
    code = main(["render", "--batch", str(source), "--out", str(out), "--resume",
                 "--workers", "2"])
    assert code in (0, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.jsonl"]
    assert out.read_bytes() == reference.read_bytes()


def test_injected_failure_mid_batch_leaves_only_complete_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tactful.batch as batch

    source, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    write_jsonl(source, 40, set())
    real_row = batch._Job.row

    def failing_row(self: Any, number: int, raw: Any) -> Any:
        if number == 25:
            raise KeyboardInterrupt
        return real_row(self, number, raw)

    monkeypatch.setattr(batch._Job, "row", failing_row)
    code, _out, err = run_cli(["render", "--batch", str(source), "--out", str(out)], capsys)
    assert code == 130 and "--resume" in err
    assert not out.exists()
    rows = [json.loads(line)["row"] for line in (tmp_path / "results.jsonl.partial").open()]
    assert rows == list(range(1, 25))
    monkeypatch.setattr(batch._Job, "row", real_row)
    code, _out, err = run_cli(
        ["render", "--batch", str(source), "--out", str(out), "--resume"], capsys
    )
    assert code == 0 and "resumed after row 24" in err
    reference = tmp_path / "reference.jsonl"
    assert main(["render", "--batch", str(source), "--out", str(reference)]) == 0
    assert out.read_bytes() == reference.read_bytes()


def test_leftover_partial_file_needs_resume(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    write_jsonl(source, 3, set())
    (tmp_path / "results.jsonl.partial").write_text('{"row":1,"status":"ok"}\n')
    code, _out, err = run_cli(["render", "--batch", str(source), "--out", str(out)], capsys)
    assert code == 2 and "--resume" in err
    assert not out.exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stream_class", [_Terminal, io.StringIO])
def test_progress_counter_only_on_a_terminal(tmp_path: Path, stream_class: type) -> None:
    source, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    write_jsonl(source, 600, {3})
    stream = stream_class()
    result = run_batch(source, out, BatchOptions(), stderr=stream)
    assert (result.ok, result.failed, result.failed_rows) == (599, 1, [3])
    shown = stream.getvalue()
    assert "tactful: row 3: " in shown
    if stream_class is _Terminal:
        assert "\r600 rows, 1 failed" in shown and shown.endswith("\n")
    else:
        assert "\r" not in shown


# ------------------------------------------------------------------ usage errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--batch", "{tmp}/missing.jsonl", "--out", "{tmp}/r.jsonl"], "missing.jsonl"),
        (["--batch", "{tmp}", "--out", "{tmp}/r.jsonl"], "is a directory"),
        (["--batch", "{src}"], "--out"),
        (["--batch", "{src}", "--out", "{tmp}/no/such/dir/r.jsonl"], "does not exist"),
        (["--batch", "{src}", "--out", "{tmp}/r.jsonl", "--workers", "0"], "--workers"),
        (["{src}", "--batch", "{src}", "--out", "{tmp}/r.jsonl"], "no request files"),
        (["--out", "{tmp}/r.jsonl", "{src}"], "--batch"),
    ],
)
def test_usage_and_input_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    src = tmp_path / "requests.jsonl"
    write_jsonl(src, 2, set())
    argv = ["render", *(a.format(tmp=tmp_path, src=src) for a in args)]
    code, _out, err = run_cli(argv, capsys)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "r.jsonl").exists()


# ------------------------------------------------------------------ several request files


def test_several_request_files_each_under_a_header(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p.relative_to(ROOT)) for p in EXAMPLES]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        code, out, _err = run_cli(["render", *paths], capsys)
        assert code == 0
        for path in paths:
            assert out.count(f"==> {path} <==\n") == 1
        code, single, _err = run_cli(["render", paths[0]], capsys)
        assert code == 0 and "==>" not in single
        section = out.split(f"==> {paths[0]} <==\n", 1)[1].split("\n\n==> ", 1)[0]
        assert section == single.rstrip("\n")
        code, js, _err = run_cli(["render", *paths, "--format", "json"], capsys)
        assert [item["file"] for item in json.loads(js)] == paths
    finally:
        os.chdir(cwd)


def test_a_bad_file_among_several_is_reported_and_the_rest_render(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    data = copy.deepcopy(BASES[0])
    data["debtor"]["name"] = ""
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli(["render", str(EXAMPLES[0]), str(bad), str(EXAMPLES[1])], capsys)
    assert code == 2
    assert out.count("==> ") == 2
    assert f"{bad}: invalid request: debtor.name" in err


def test_pooled_run_leaves_no_spool_files_and_copies_by_hand_where_the_kernel_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers hand their lines over in files next to the output: the kernel copies them
    (or, where it cannot, tactful does), and none is left once the run ends."""
    source = tmp_path / "requests.jsonl"
    write_jsonl(source, 1200, {700})
    reference = tmp_path / "reference.jsonl"
    assert main(["render", "--batch", str(source), "--out", str(reference)]) == 1
    pooled = tmp_path / "pooled.jsonl"
    assert main(["render", "--batch", str(source), "--out", str(pooled), "--workers", "2"]) == 1
    assert pooled.read_bytes() == reference.read_bytes()

    def unsupported(*_args: Any) -> int:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", unsupported, raising=False)
    by_hand = tmp_path / "by_hand.jsonl"
    assert main(["render", "--batch", str(source), "--out", str(by_hand), "--workers", "2"]) == 1
    assert by_hand.read_bytes() == reference.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "by_hand.jsonl", "pooled.jsonl", "reference.jsonl", "requests.jsonl"]


def test_a_failing_pooled_run_leaves_no_spool_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up while the lines of the third chunk are copied: the run stops with
    that error, the partial file keeps complete lines only, the spool is gone."""
    import tactful.batch_output as batch_output

    source, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    write_jsonl(source, 3000, set())
    real_append = batch_output.PartialOutput.append_file
    calls: list[str] = []

    def filling(self: Any, path: str, size: int) -> None:
        calls.append(path)
        if len(calls) == 3:
            self._file.write(b'{"row": 1025, "stat')  # half a line, as a full disk leaves it
            raise OSError(28, "No space left on device")
        real_append(self, path, size)

    monkeypatch.setattr(batch_output.PartialOutput, "append_file", filling)
    with pytest.raises(OSError, match="No space"):
        run_batch(source, out, BatchOptions(workers=2), stderr=io.StringIO())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["requests.jsonl", "results.jsonl.partial"]
    rows = [json.loads(line)["row"] for line in (tmp_path / "results.jsonl.partial").open()]
    assert rows == list(range(1, 1025))


@pytest.mark.parametrize("link", ["same", "relative", "hard", "symbolic", "partial"])
def test_out_that_is_the_batch_file_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    link: str,
) -> None:
    src = tmp_path / "requests.jsonl"
    write_jsonl(src, 2, set())
    before = src.read_bytes()
    monkeypatch.chdir(tmp_path)
    out = {"same": str(src), "relative": "./sub/../requests.jsonl"}.get(link, "other.jsonl")
    (tmp_path / "sub").mkdir()
    if link == "hard":
        os.link(src, tmp_path / "other.jsonl")
    elif link == "symbolic":
        (tmp_path / "other.jsonl").symlink_to(src)
    elif link == "partial":
        out = "requests"
        src = src.rename(tmp_path / "requests.partial")
    code, _out, err = run_cli(["render", "--batch", str(src), "--out", out], capsys)
    assert code == 2
    assert "is the batch file" in err and err.count("\n") == 1
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {"sub", src.name} | ({"other.jsonl"} if link in ("hard", "symbolic") else set())
    )


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_closed_stderr_neither_stops_nor_cuts_the_batch(tmp_path: Path, workers: str) -> None:
    from _helpers import run_into_closed_pipe

    src, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    bad = set(range(1, 301, 3))  # a row error line on stderr every third row
    write_jsonl(src, 300, bad)
    proc = run_into_closed_pipe(
        ["render", "--batch", str(src), "--out", str(out), "--workers", workers], "stderr"
    )
    assert proc.returncode == 1  # some rows failed: said by the exit code, as ever
    rows = results(out)
    assert [r["row"] for r in rows] == list(range(1, 301))
    assert {r["row"] for r in rows if r["status"] != "ok"} == bad
    assert not (tmp_path / "results.jsonl.partial").exists()


@pytest.mark.parametrize(
    ("line", "column"),
    [
        (b'{"locale": "fr_FR", "stage": "reminder", "channel": \n', 53),  # cut short
        (b'{"locale": "fr_FR", "stage": "reminder", "channel": \r\n', 53),
        (b'{"locale": "fr_FR", "stage": "reminder", "channel": ', 53),
        (b'{"locale": "fr_FR", "stage": reminder}\n', 30),  # mid-row
        (b'{"locale": "\xc3\xa9t\xc3\xa9", x}\n', 19),  # columns count characters
    ],
)
def test_malformed_json_rows_name_the_column_of_the_error(line: bytes, column: int) -> None:
    from tactful.batch_input import decode_jsonl

    with pytest.raises(RowError) as caught:
        decode_jsonl(line)
    assert str(caught.value) == f"malformed JSON at column {column}"


@pytest.mark.parametrize(
    "amount",
    ["1234.56", "0.1", "1e3", "12.345", "0.10000000000000000001", "1000.0000000000000001",
     "123456789012.5", "-5", "NaN", "1E400", "99999999999999999999.99"],
)
def test_a_jsonl_row_validates_as_if_its_numbers_were_read_exactly(amount: str) -> None:
    """The fast JSON parser reads numbers as floats: the request must be what exact Decimal
    reading gives, and a number it refuses (over-precise, too large...) must be refused
    naming the same field (1E400 overflows a float: "not finite" rather than "too large")."""
    from decimal import Decimal

    from tactful.batch_input import decode_jsonl

    text = (ROOT / "examples" / "fr_consumer.json").read_text(encoding="utf-8")
    line = json.dumps(json.loads(text)).replace('"amount": 1234.56', f'"amount": {amount}', 1)
    line = line.encode()
    assert amount in line.decode()
    exact = json.loads(line, parse_float=Decimal)

    def outcome(data: dict[str, Any]) -> Any:
        try:
            return parse_request(data).model_dump()
        except RequestError as exc:
            return [field for field, _message in exc.problems]

    assert outcome(decode_jsonl(line)) == outcome(exact)
