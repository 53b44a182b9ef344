"""Every student their own numbers, at grading (issue 23): the hidden cases drawn from the course secret,
the hand-derivation table, the id a notebook is graded at, and the machine-readable verdict.

The witnesses are tests/test_grading.py's: `student()` is the chain rule written by hand in plain floats
(itself held against torch autograd there), `student(mistake)` each known mistake as a student writes it,
`forward_by_hand` the forward pass.  The numbers a table holds are typed as a student types them, with
Python's own format to 4 significant digits (f"{g:.4g}"), never with bpcore.
"""

import importlib
import json
import math
import pkgutil

import pytest
from test_grading import forward_by_hand, student

import bpcore
import bpcore.grading
from bpcore.grading import hand, hidden, reports, submission
from bpcore.grading.hand import COPIED, check_hand_derivation
from bpcore.grading.hidden import graded_cases, hidden_cases
from bpcore.grading.verdict import TITLES, VERDICT_MIMETYPE, HiddenCase, Verdict
from bpcore.variant import variant

SECRET = "the tests' course secret"
IDS = [f"student{i}" for i in range(150)] + ["alice.smith", "张伟", "bob_99"]
MISTAKES = ("published", "flipped", "no half", "no sigma'", "mazur", "order")


@pytest.fixture
def environment(monkeypatch):
    """No grading environment, as in a student's own session; a test sets what it needs."""
    for name in (submission.SUBMISSION_ID, submission.COURSE_SECRET, submission.ROSTER, submission.HUB_USER):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(submission, "typed_ids", [])
    return monkeypatch


def typed(values, digits=4):
    """Numbers as a student types them: Python's own format, `digits` significant digits."""
    return {f"w{i}": float(f"{v:.{digits}g}") for i, v in enumerate(values, 1)}


# --- hidden cases -------------------------------------------------------------------------------

def test_no_hidden_case_is_importable_from_bpcore():
    """No module of bpcore.grading holds a case (w, x, y) but the exercise's own: the hidden cases exist
    only once drawn from the secret."""
    assert not hasattr(reports, "OTHER_CASES")
    for info in pkgutil.iter_modules(bpcore.grading.__path__):
        module = importlib.import_module(f"bpcore.grading.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, tuple) and value and isinstance(value[0], tuple) and len(value[0]) == 3 \
                    and isinstance(value[0][0], bpcore.Weights):
                assert name == "EXERCISE", (info.name, name)


def test_without_the_secret_the_hidden_tests_do_not_run(environment):
    with pytest.raises(RuntimeError, match="only when the teacher grades"):
        graded_cases()
    environment.setenv(submission.COURSE_SECRET, SECRET)
    environment.setenv(submission.SUBMISSION_ID, "alice.smith")
    assert graded_cases() == hidden_cases(SECRET, "alice.smith")


def test_the_hidden_cases_are_the_secrets_and_the_ids():
    a = hidden_cases(SECRET, "alice.smith")
    assert a == hidden_cases(SECRET, "alice.smith") and len(a) == 3 and len(set(a)) == 3
    assert all(isinstance(c, HiddenCase) for c in a)
    assert not set(a) & set(hidden_cases(SECRET, "bob_99"))
    assert not set(a) & set(hidden_cases("another course's secret", "alice.smith"))
    assert hidden_cases(SECRET, "e\u0301") == hidden_cases(SECRET, "\u00e9")  # é typed either way
    with pytest.raises(ValueError):
        hidden_cases("", "alice.smith")


def test_a_report_never_shows_a_hidden_cases_numbers():
    case = hidden_cases(SECRET, "alice.smith")[:1]
    verdict = bpcore.grading.backprop.check_backprop(student("flipped"), "output", case)
    w, x, y = case[0]
    shown = [f"{v:g}" for v in (*w, *x, *y) if abs(v) >= 0.1]
    assert not verdict.passed and "a hidden case (its numbers are not shown)" in verdict.report
    assert [v for v in shown if v in verdict.report] == []


@pytest.mark.parametrize("sid", IDS[::3])
def test_every_hidden_case_tells_every_known_mistake_apart(sid):
    """Property, over many ids: at each hidden case every gradient is far from 0, and each mistake (the
    students' of tests/test_grading.py, and the forward pass's) is either exact or more than 1e-3
    relative off: none passes for the truth, and each is recognised by name."""
    own = variant(sid)  # what a function reading the notebook's globals w, x, y answers
    for w, x, y in hidden_cases(SECRET, sid):
        truth = student()(w, x, y)
        assert min(map(abs, truth)) > 1e-3
        for mistake in MISTAKES:
            for mine, right in zip(student(mistake)(w, x, y), truth):
                off = abs(mine - right) / abs(right)
                assert off < 1e-12 or off > 1e-3, (sid, mistake)
        for mine, right in zip(student()(*own), truth):
            assert abs(mine - right) / abs(right) > 1e-3, sid
        outputs = forward_by_hand(w, x)
        for wrong in (forward_by_hand(w, x, mazur=True), forward_by_hand(w, x, sigmoid=lambda z: z),
                      forward_by_hand(bpcore.SEED_WEIGHTS, bpcore.SEED_X), forward_by_hand(*own)[:4]):
            for mine, right in zip(wrong, outputs):
                off = abs(mine - right) / abs(right)
                assert off < 1e-12 or off > 1e-3, sid


def test_a_function_reading_the_notebooks_globals_is_named_at_the_hidden_cases(environment):
    environment.setenv(submission.SUBMISSION_ID, "alice.smith")
    mine = bpcore.grading.my_variant("")
    globals_only = lambda w, x, y: student()(*mine)  # noqa: E731  (the notebook's w, x, y, not its arguments)
    assert bpcore.grading.backprop.check_backprop(globals_only, "hidden", [mine]).passed
    cases = hidden_cases(SECRET, "alice.smith")
    verdict = bpcore.grading.backprop.check_backprop(globals_only, "hidden", cases)
    assert verdict.mistakes == ("notebook's globals",)
    assert "Does the function read the notebook's global w, x, y instead of its arguments?" in verdict.report


# --- the hand derivation --------------------------------------------------------------------------

@pytest.mark.parametrize("sid", IDS[::5])
def test_a_right_table_to_4_significant_digits_passes_and_the_published_one_is_named(sid, environment):
    mine = variant(sid)
    right = student()(*mine)
    assert check_hand_derivation(typed(right), mine).passed
    assert check_hand_derivation([v for v in typed(right).values()], mine).passed  # a list will do
    units = [10.0 ** (math.floor(math.log10(abs(v))) - 3) for v in right]  # of each one's 4th digit
    cut = {n: math.trunc(v / u) * u for n, v, u in zip(typed(right), right, units)}  # cut, not rounded
    assert check_hand_derivation(cut, mine).passed
    published = check_hand_derivation(typed(student("published")(*mine)), mine)
    assert not published.passed and published.mistakes == ("published formula",)
    assert "∂L/∂w1, ∂L/∂w2, ∂L/∂w3 and ∂L/∂w4: the exercise's published formula" in published.report
    three = check_hand_derivation(typed(right, digits=2), mine)  # 2 significant digits are not 4
    assert not three.passed


def test_a_number_within_a_unit_of_its_4th_digit_passes_and_two_units_off_fails(environment):
    mine = variant("alice.smith")
    right = student()(*mine)
    unit = 10.0 ** (math.floor(math.log10(abs(right[4]))) - 3)  # one unit in ∂L/∂w5's 4th digit
    table = dict(zip(typed(right), right))
    assert check_hand_derivation(dict(table, w5=right[4] + 0.9 * unit), mine).passed
    verdict = check_hand_derivation(dict(table, w5=right[4] + 2 * unit), mine)
    assert not verdict.passed and "✗ ∂L/∂w5 is not right at your numbers." in verdict.report


def test_a_blank_table_says_what_is_missing(environment):
    mine = variant("alice.smith")
    blank = {f"w{i}": ... for i in range(1, 9)}
    verdict = check_hand_derivation(blank, mine)
    assert not verdict.passed and "Not filled in yet: ∂L/∂w1" in verdict.report
    assert "must be a number" in check_hand_derivation(dict(typed(student()(*mine)), w3="0.1"), mine).report


def test_a_copied_table_is_named_as_the_classmates_variant(environment):
    ada, dan = variant("ada.lovelace"), variant("dan")
    copied = typed(student()(*ada))
    assert check_hand_derivation(copied, ada).passed
    alone = check_hand_derivation(copied, dan)  # no roster: just wrong
    assert not alone.passed and alone.variant_of is None
    environment.setenv(submission.ROSTER, json.dumps(["bob_99", "ada.lovelace", "dan"]))
    verdict = check_hand_derivation(copied, dan)
    assert not verdict.passed and verdict.variant_of == "ada.lovelace" and verdict.mistakes == (COPIED,)
    assert "they belong to another variant, ada.lovelace's" in verdict.report
    published_copy = check_hand_derivation(typed(student("published")(*ada)), dan)  # their mistake too
    assert published_copy.variant_of == "ada.lovelace"


def test_a_copy_is_named_by_the_id_typed_in_the_notebook(environment):
    environment.setenv(submission.SUBMISSION_ID, "dan")
    mine = bpcore.grading.my_variant("ada.lovelace")  # the notebook says ada.lovelace; it is dan's
    assert mine == variant("dan")
    verdict = check_hand_derivation(typed(student()(*variant("ada.lovelace"))), mine)
    assert verdict.variant_of == "ada.lovelace"


# --- the id graded --------------------------------------------------------------------------------

def test_the_id_graded_is_the_submissions_then_the_hubs_then_the_typed_one(environment):
    with pytest.raises(submission.MissingStudentId, match='STUDENT_ID = ""'):
        bpcore.grading.my_variant("")
    bpcore.use_language("zh")
    try:
        with pytest.raises(submission.MissingStudentId, match="没有学号"):
            bpcore.grading.graded_id("  ")
    finally:
        bpcore.use_language("en")
    assert bpcore.grading.graded_id("typed") == "typed"
    environment.setenv(submission.HUB_USER, "hub-user")
    assert bpcore.grading.graded_id("typed") == "hub-user"
    environment.setenv(submission.SUBMISSION_ID, "submitted")
    assert bpcore.grading.graded_id("typed") == "submitted"
    assert bpcore.grading.my_variant("typed") == variant("submitted")


# --- the machine-readable verdict -----------------------------------------------------------------

def test_show_prints_then_displays_the_verdict_and_fails_a_failed_part(environment, capsys):
    shown = []
    environment.setattr("builtins.display", lambda data, raw=False: shown.append((data, raw)), raising=False)
    environment.setenv(submission.SUBMISSION_ID, "dan")
    Verdict(True, "✓ fine").show("backprop.forward")
    with pytest.raises(AssertionError, match="✗ Not passed: Backprop: hand derivation"):
        Verdict(False, "✗ copied", (COPIED,), "ada.lovelace").show("backprop.hand")
    assert capsys.readouterr().out == "✓ fine\n✗ copied\n"
    assert [raw for _, raw in shown] == [True, True]
    assert [data[VERDICT_MIMETYPE] for data, _ in shown] == [
        {"part": "backprop.forward", "title": "Backprop: forward pass", "passed": True, "mistakes": [],
         "variant_of": None, "student_id": "dan"},
        {"part": "backprop.hand", "title": "Backprop: hand derivation", "passed": False, "mistakes": [COPIED],
         "variant_of": "ada.lovelace", "student_id": "dan"}]
    assert all(data["text/plain"] == "" for data, _ in shown)  # nothing else shows in the notebook
    with pytest.raises(ValueError, match="part must be one of"):
        Verdict(True, "").show("nowhere")
    assert json.dumps([d for d, _ in shown])  # JSON, as nbformat stores it


def test_then_joins_the_visible_and_the_hidden_verdicts():
    right, wrong = Verdict(True, "a"), Verdict(False, "b", ("x",))
    assert right.then(wrong) == Verdict(False, "a\nb", ("x",))
    assert wrong.then(right) is wrong
    assert set(TITLES) >= {"backprop.hand", "backprop.hidden", "autograd.training"}


def test_the_modules_say_their_rule():
    for module in (hand, hidden, submission):
        assert module.__doc__ and len(module.__doc__.splitlines()) > 5
