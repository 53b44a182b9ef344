"""bpcore speaks English or Chinese (bpcore/language.py), and its Chinese catalogue is complete and current.

The catalogue tests read bpcore/locale/zh/LC_MESSAGES/bpcore.po and extract the messages of bpcore's code
afresh with Babel (scripts/messages.py's options): every message has a translation, with the same
placeholders as its English, and the catalogue has nothing stale or fuzzy; the template bpcore.pot is what
extraction makes now.  The Chinese self-check tests hold the named mistakes against torch float64 autograd
and the exercise's own script, not against bpcore.checks.
"""

import ast
import string
import subprocess
import sys
from pathlib import Path

import pytest

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, WEIGHT_NAMES, language
from bpcore.checks import check_gradient, check_number
from exercise_original import run_exercise
from torch_witness import deltas_and_grads

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import messages as M  # noqa: E402


@pytest.fixture
def zh():
    """bpcore speaks Chinese during the test, English again after it."""
    bpcore.use_language("zh")
    yield
    bpcore.use_language("en")


# --- the catalogue ---

def placeholders(text: str) -> list[tuple[str, str, str]]:
    """The {placeholders} of a message, each with its format and conversion: [("off", "+.2e", None)]."""
    fields = string.Formatter().parse(text)
    return sorted((name, spec, conversion or "") for _, name, spec, conversion in fields if name is not None)


@pytest.fixture(scope="module")
def template():
    return M.extract()


@pytest.fixture(scope="module")
def chinese():
    return M.read(language.catalogue_path("zh"), "zh")


def test_every_message_has_its_chinese_translation(template, chinese):
    missing = [m.id for m in template if m.id and not (chinese.get(m.id) and chinese.get(m.id).string)]
    assert not missing, ("messages without a Chinese translation (run `python scripts/messages.py update`, "
                         f"then translate them in {language.catalogue_path('zh')}): {missing}")


def test_each_translation_has_the_placeholders_of_its_english(chinese):
    differ = [(m.id, m.string) for m in chinese
              if m.id and m.string and placeholders(m.id) != placeholders(m.string)]
    assert not differ, f"translations whose {{placeholders}} differ from the English: {differ}"


def test_no_translation_is_stale_or_fuzzy(template, chinese):
    stale = [m.id for m in chinese if m.id and m.id not in template]
    fuzzy = [m.id for m in chinese if m.id and m.fuzzy]
    assert not stale, f"translations of messages that bpcore's code no longer says: {stale}"
    assert not chinese.obsolete, f"obsolete (#~) entries: {list(chinese.obsolete)}"
    assert not fuzzy, f"translations marked fuzzy (their English changed; revise, then unmark): {fuzzy}"


def test_the_template_is_what_extraction_makes_now(template):
    assert M.text(M.read(M.TEMPLATE)) == M.text(template), \
        "bpcore/locale/bpcore.pot is out of date: run `python scripts/messages.py update`"


def test_every_language_has_its_catalogue_and_no_catalogue_is_unknown():
    catalogues = Path(language.LOCALE_DIR).glob(f"*/LC_MESSAGES/{language.DOMAIN}.po")
    found = {p.parent.parent.name for p in catalogues}
    assert found == set(language.LANGUAGES) - {language.DEFAULT}


def calls(path: Path):
    """Every call tr(...) or N_(...) in a module of bpcore."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "N_"):
            yield node


def test_each_message_is_written_whole_and_given_its_placeholders():
    """A message is a string literal (an f-string, a sum or a .format() would not be found in the
    catalogue), or a name for one marked N_(); a literal's tr() gives exactly its placeholders."""
    wrong = []
    for path in sorted((ROOT / "bpcore").rglob("*.py")):
        for call in calls(path):
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            message = call.args[0] if call.args else None
            if isinstance(message, ast.Constant) and isinstance(message.value, str):
                given = sorted(k.arg for k in call.keywords)
                wanted = sorted({name.split(".")[0].split("[")[0]
                                 for name, *_ in placeholders(message.value)})
                if call.func.id == "tr" and given != wanted:
                    wrong.append(f"{where}: gives {given} to a message with {wanted}")
            elif call.func.id == "N_" or not isinstance(message, (ast.Name, ast.Subscript, ast.Attribute)):
                wrong.append(f"{where}: {ast.unparse(message) if message else 'no message'} is not a literal")
    assert not wrong, wrong


# --- choosing the language ---

def test_english_is_the_default_and_tr_fills_the_placeholders():
    assert language.language() == "en"
    said = language.tr("{name} must be > 0, got {value}", name="eps", value=-1.0)
    assert said == "eps must be > 0, got -1.0"


def test_chinese_says_the_catalogues_translation(zh):
    said = language.tr("{name} must be > 0, got {value}", name="eps", value=-1.0)
    assert said == "eps 必须 > 0，而传入的是 -1.0"
    assert language.tr("a sentence no catalogue has, {n}", n=1) == "a sentence no catalogue has, 1"


@pytest.mark.parametrize("code", ["fr", "zh-CN", "EN", ""])
def test_an_unknown_language_names_the_languages_there_are_in_both(code):
    with pytest.raises(ValueError) as e:
        bpcore.use_language(code)
    said = str(e.value)
    assert f"unknown language {code!r}" in said and f"未知的语言 {code!r}" in said
    assert "'en' (English) and 'zh' (中文)" in said and "'en' (English) 和 'zh' (中文)" in said
    assert language.language() == "en"


def test_a_language_that_is_not_text_is_refused():
    with pytest.raises(TypeError, match="unknown language None"):
        bpcore.use_language(None)


def test_import_bpcore_loads_no_babel_and_english_reads_no_catalogue():
    code = ("import sys, bpcore; from bpcore import checks; checks.check_number('x', 1.0, 1.0); "
            "print('babel' in sys.modules, 'numpy' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[-3:] == ["False", "False", "False"]


# --- the self-checks and the door, in Chinese ---

TRUTH = deltas_and_grads(SEED_WEIGHTS, SEED_X, SEED_Y)
PUBLISHED = dict(zip(WEIGHT_NAMES, run_exercise(epochs=1)[1][0]))  # the exercise's own d_w1 ... d_w8


def test_the_published_formula_gets_a_chinese_cross_and_its_hint(zh, capsys):
    assert not check_gradient("w1", float(f"{PUBLISHED['w1']:.4g}"))
    said = capsys.readouterr().out
    assert said == (f"✗ ∂L/∂w1 = {PUBLISHED['w1']:+.4g}，是原练习给出的公式算出的值。"
                    f"自动微分给出 {TRUTH['grad_w1']:+.6g}。\n"
                    "  提示：误差经由权重 w5...w8 传到隐藏层神经元，而不是经由 out_h1 或 out_h2。\n")


def test_x1_for_x2_gets_a_chinese_cross_and_its_hint(zh, capsys):
    x1_for_x2 = TRUTH["delta_h1"] * SEED_X[0]  # δ_h1·x1 where ∂L/∂w3 = δ_h1·x2
    assert not check_gradient("w3", float(f"{x1_for_x2:.4g}"))
    said = capsys.readouterr().out
    assert said.startswith(f"✗ ∂L/∂w3 = {x1_for_x2:+.4g}，在该用 x2 的地方用了 x1。"
                           f"自动微分给出 {TRUTH['grad_w3']:+.6g}。\n"
                           "  提示：最后一个因子是这个权重所传递的输入")
    assert "所以 ∂L/∂w3 = δ_h1·x2。" in said


def test_chinese_verdicts_for_right_rounded_and_unanswered(zh, capsys):
    assert check_gradient("w5", float(f"{TRUTH['grad_w5']:.4g}"))
    assert check_number("out_o1", 0.7, 0.75136507) is False
    assert check_number("out_o1", None, 0.75136507) is False
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("✓ ∂L/∂w5 = ") and "与自动微分的结果（" in lines[0]
    assert lines[1:] == ["✗ out_o1 = +0.7，正确值是 +0.751365（相差 -5.14e-02）。",
                         "  这是正确值，只是保留的位数太少："
                         "至少保留 3 位有效数字（4 位更稳妥），只在最后一步四舍五入。",
                         "out_o1 还没有答案：把占位符换成你的答案，再运行这个单元格。"]


def test_the_worked_examples_input_is_named_in_chinese(zh, capsys):
    worked = TRUTH["grad_w1"]  # at the worked example's input (0.5, 0.3), not this exercise's (1, -1)
    assert not check_gradient("w1", float(f"{worked:.4g}"), x=(1.0, -1.0))
    said = capsys.readouterr().out
    assert "，是按算例的输入 x = (0.5, 0.3)（而不是本练习的 (1, -1)）算出的 ∂L/∂w1。" in said


@pytest.mark.parametrize("call, error, said", [
    (lambda: bpcore.forward(SEED_WEIGHTS, (0.5,)), ValueError,
     "x 必须恰好包含 2 个数 (x1, x2)，而传入了 1 个：(0.5,)"),
    (lambda: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=-1), ValueError,
     "lr（学习率）必须 >= 0，而传入的是 -1.0"),
    (lambda: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, epochs=2.5), TypeError,
     "epochs 必须是整数，而传入的是 2.5"),
    (lambda: bpcore.forward(SEED_WEIGHTS, (0.5, "a")), TypeError,
     "x2 必须是实数，而传入的是 'a'（str）"),
    (lambda: check_gradient("w9", 1.0), ValueError,
     "name 必须是 w1, w2, w3, w4, w5, w6, w7, w8 之一，而传入的是 'w9'"),
    (lambda: bpcore.loss(SEED_WEIGHTS, SEED_X, (1.2, 0.1), cost="cross_entropy"), ValueError,
     "y1 必须在 [0, 1] 之内（cost='cross_entropy' 时，目标值是一个概率），而传入的是 1.2"),
])
def test_a_bad_argument_raises_a_chinese_error_naming_it(zh, call, error, said):
    with pytest.raises(error) as e:
        call()
    assert str(e.value) == said
