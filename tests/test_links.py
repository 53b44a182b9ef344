"""bpcore.links: a playground scenario in a link; bpcore.widgets.scenario_link: the dashboard opened by one.

The witnesses are Settings and queries written out by hand here, and the sliders' ends of plots.style."""

import pytest

import bpcore
from bpcore import links
from bpcore.plots import style
from bpcore.scenario import WORKED_EXAMPLE, Settings, readout
from bpcore.widgets import playground, scenario_link

LIMITS = {"lr": style.LR_RANGE, "y1": style.Y_RANGE, "y2": style.Y_RANGE, "epochs": style.EPOCHS_RANGE}


def parse(text):
    return links.parse(text, LIMITS)


@pytest.fixture
def zh():
    bpcore.use_language("zh")
    yield
    bpcore.use_language("en")


def test_the_issues_example():
    assert parse("lr=5&y2=-0.07&output=tanh") == Settings(lr=5.0, y1=0.23, y2=-0.07, epochs=10,
                                                          gradient="correct", output="tanh", cost="squared")


# The playground's learning-rate slider: 10 ** (k / 10) for k = -20 ... 20, to 3 significant digits.
STOPS = (0.01, 0.0126, 0.0158, 0.02, 0.0251, 0.0316, 0.0398, 0.0501, 0.0631, 0.0794,
         0.1, 0.126, 0.158, 0.2, 0.251, 0.316, 0.398, 0.501, 0.631, 0.794,
         1.0, 1.26, 1.58, 2.0, 2.51, 3.16, 3.98, 5.01, 6.31, 7.94,
         10.0, 12.6, 15.8, 20.0, 25.1, 31.6, 39.8, 50.1, 63.1, 79.4, 100.0)


def test_the_dashboards_learning_rates_are_its_sliders_stops():
    board = playground.dashboard(projector=False)
    assert scenario_link.lr_stops(board.lr) == STOPS
    assert [f"{10 ** (k / 10):.3g}" for k in range(-20, 21)] == [f"{stop:g}" for stop in STOPS]


@pytest.mark.parametrize("stop", STOPS)
def test_every_stop_is_a_learning_rate_of_a_link(stop):
    assert links.parse(links.query(Settings(lr=stop)), LIMITS, STOPS).lr == stop


@pytest.mark.parametrize("text, below, above", [("5", "3.98", "5.01"), ("0.25", "0.2", "0.251"),
                                                 ("0.011", "0.01", "0.0126"), ("99", "79.4", "100")])
def test_a_learning_rate_between_stops_is_named_with_its_neighbours(text, below, above):
    with pytest.raises(links.LinkError) as caught:
        links.parse(f"lr={text}", LIMITS, STOPS)
    assert str(caught.value) == (f"lr={text} in the link: the learning-rate slider stops at {below} and "
                                 f"{above} near it; give one of them")
    assert caught.value.name == "lr"


@pytest.mark.parametrize("text, field, value", [
    ("lr=5", "lr", 5.0), ("lr=0.25", "lr", 0.25), ("lr=0.01", "lr", 0.01), ("lr=100", "lr", 100.0),
    ("lr=1e1", "lr", 10.0), ("lr=12.5", "lr", 12.5),
    ("y1=0.9", "y1", 0.9), ("y1=-0.5", "y1", -0.5), ("y1=1.5", "y1", 1.5), ("y2=0", "y2", 0.0),
    ("y2=0.07", "y2", 0.07), ("epochs=1", "epochs", 1), ("epochs=300", "epochs", 300),
    ("output=identity", "output", "identity"), ("output=tanh", "output", "tanh"),
    ("gradient=published", "gradient", "published"),
    ("gradient=correct", "gradient", "correct"),
])
def test_every_field(text, field, value):
    """One field set, every other the worked example's; a number keeps its type (epochs an int)."""
    settings = parse(text)
    assert getattr(settings, field) == value and type(getattr(settings, field)) is type(value)
    others = {name: getattr(WORKED_EXAMPLE, name) for name in links.NAMES if name != field}
    assert {name: getattr(settings, name) for name in others} == others


def test_the_cross_entropy_with_targets_in_its_range():
    assert parse("y2=0.07&cost=cross_entropy") == Settings(y2=0.07, cost="cross_entropy")


def test_every_field_at_once_and_a_whole_address():
    text = ("https://hub.example/user/ann/voila/render/notebooks/07_playground.ipynb"
            "?lr=2.5&y1=0.9&y2=0.1&epochs=200&output=sigmoid&cost=cross_entropy&gradient=correct")
    assert parse(text) == Settings(lr=2.5, y1=0.9, y2=0.1, epochs=200, gradient="correct", output="sigmoid",
                                   cost="cross_entropy")


def test_nothing_given_is_the_worked_example():
    assert parse("") == parse("?") == parse("/voila/render/notebooks/07_playground.ipynb") == WORKED_EXAMPLE
    assert parse("template=lab&theme=dark") == WORKED_EXAMPLE  # Voilà's own arguments


@pytest.mark.parametrize("text, name, words", [
    ("lr=abc", "lr", "lr=abc in the link: lr takes a learning rate from 0.01 to 100, to at most 3 significant"
                     " digits, such as lr=5 or lr=0.25"),
    ("lr=", "lr", "lr= in the link: lr takes a learning rate"),
    ("lr=1000", "lr", "lr=1000 in the link: lr takes a learning rate from 0.01 to 100"),
    ("lr=0.001", "lr", "lr=0.001 in the link"),
    ("lr=-1", "lr", "lr=-1 in the link"),
    ("lr=nan", "lr", "lr=nan in the link"),
    ("lr=inf", "lr", "lr=inf in the link"),
    ("lr=1.234", "lr", "to at most 3 significant digits"),
    ("y1=0.123", "y1", "y1=0.123 in the link: y1 takes a target from -0.5 to +1.5, to at most 2 decimals, "
                       "such as y1=0.23 or y1=-0.07"),
    ("y2=2", "y2", "y2=2 in the link: y2 takes a target from -0.5 to +1.5"),
    ("y2=-0.51", "y2", "y2=-0.51 in the link"),
    ("epochs=2.5", "epochs", "epochs=2.5 in the link: epochs takes a whole number of epochs from 1 to 300, "
                             "such as epochs=100"),
    ("epochs=0", "epochs", "epochs=0 in the link"),
    ("epochs=301", "epochs", "epochs=301 in the link"),
    ("output=relu", "output", "output=relu in the link: output takes one of sigmoid, tanh, identity"),
    ("output=Tanh", "output", "output=Tanh in the link"),
    ("cost=mse", "cost", "cost=mse in the link: cost takes one of squared, cross_entropy"),
    ("gradient=wrong", "gradient", "gradient=wrong in the link: gradient takes one of correct, published"),
    ("learning_rate=5", "learning_rate",
     "learning_rate=5 in the link: the playground has no setting 'learning_rate'; its settings are lr, y1, "
     "y2, epochs, output, cost, gradient"),
    ("lr=1&lr=2", "lr", "the link gives lr twice: give each setting once"),
    ("output=tanh&cost=cross_entropy", "cost", "cost=cross_entropy in the link does not go with its other "
                                               "settings: cross-entropy needs a sigmoid output, not tanh"),
    ("y2=1.2&cost=cross_entropy", "cost", "cross-entropy needs targets in [0, 1], not y2 = +1.20"),
    ("gradient=published&output=identity", "gradient", "gradient=published in the link does not go with its "
                                                       "other settings: only for a sigmoid output"),
    ("y2=0.07&gradient=published&cost=cross_entropy", "gradient", "gradient=published in the link does not"),
    ("cost=cross_entropy", "cost", "cross-entropy needs targets in [0, 1], not y2 = -0.07"),
])
def test_wrong_values_are_named(text, name, words):
    with pytest.raises(links.LinkError) as caught:
        parse(text)
    assert caught.value.name == name and isinstance(caught.value, ValueError)
    assert words in str(caught.value)


def test_refusals_speak_the_readers_language(zh):
    with pytest.raises(links.LinkError, match="链接中的 lr=abc：lr 应为从 0.01 到 100 的学习率，最多 3 位"):
        parse("lr=abc")
    with pytest.raises(links.LinkError, match="链接给出了两次 y1"):
        parse("y1=0.1&y1=0.2")
    with pytest.raises(links.LinkError, match="练习场没有 'speed' 这一设置"):
        parse("speed=3")
    with pytest.raises(links.LinkError, match="链接中的 lr=5：学习率滑块在它附近的刻度是 3.98 和 5.01"):
        links.parse("lr=5", LIMITS, STOPS)


@pytest.mark.parametrize("settings, text", [
    (WORKED_EXAMPLE, ""),
    (Settings(lr=5.0, output="tanh"), "lr=5&output=tanh"),
    (Settings(lr=0.25, y1=0.9, y2=0.1, epochs=200, cost="cross_entropy"),
     "lr=0.25&y1=0.9&y2=0.1&epochs=200&cost=cross_entropy"),
    (Settings(lr=100.0, y1=0.5, y2=0.5, epochs=300, gradient="published"),
     "lr=100&y1=0.5&y2=0.5&epochs=300&gradient=published"),
    (Settings(y1=-0.5, y2=1.5, output="identity"), "y1=-0.5&y2=1.5&output=identity"),
    (Settings(lr=12.5, epochs=1), "lr=12.5&epochs=1"),
])
def test_round_trip(settings, text):
    """settings → query is the query written by hand; query → settings → link → settings is the same."""
    assert links.query(settings) == text
    assert parse(text) == settings
    address = "/voila/render/notebooks/07_playground.ipynb"
    made = links.link(settings, address)
    assert made == (f"{address}?{text}" if text else address)
    assert links.link(parse(made), address) == made


def test_a_link_keeps_the_query_it_had():
    assert links.link(Settings(lr=5.0), "/hub/user-redirect/voila?x=1") == "/hub/user-redirect/voila?x=1&lr=5"


def test_query_refuses_what_is_not_settings():
    with pytest.raises(TypeError, match="settings must be a bpcore.scenario.Settings"):
        links.query({"lr": 5})


class TestDashboard:
    """What a Voilà page's kernel does: dashboard() with QUERY_STRING in its environment."""

    @pytest.fixture
    def voila(self, monkeypatch):
        monkeypatch.setenv("VOILA_SERVER_URL", "/")

        def page(query):
            monkeypatch.setenv("QUERY_STRING", query)
            return playground.dashboard()
        return page

    def test_the_link_sets_the_board(self, voila):
        board = voila("lr=5.01&y2=-0.07&output=tanh")
        assert board.settings() == Settings(lr=5.01, output="tanh")
        assert (board.lr.value, board.y2.value, board.output.value) == (5.01, -0.07, "tanh")
        assert board.result.settings == board.settings()
        assert board.text.value == playground.readout_html(board.result)
        assert readout(board.result).startswith("lr = 5.01, y1 = +0.23, y2 = -0.07, 10 epochs; tanh output, ")
        assert not any("bp-link-error" in child._dom_classes for child in board.box.children)

    def test_a_refused_link_shows_why_above_the_worked_example(self, voila):
        board = voila("lr=5.01&output=relu")
        assert board.settings() == WORKED_EXAMPLE == board.result.settings
        first = board.box.children[0]
        assert "bp-link-error" in first._dom_classes
        assert "output=relu in the link: output takes one of sigmoid, tanh, identity" in first.value
        assert "The playground shows the worked example instead." in first.value

    def test_the_message_is_escaped(self, voila):
        board = voila("lr=%3Cb%3E5")
        assert "lr=&lt;b&gt;5 in the link" in board.box.children[0].value

    def test_a_learning_rate_between_stops(self, voila):
        message = voila("lr=5").box.children[0].value
        assert "lr=5 in the link: the learning-rate slider stops at 3.98 and 5.01" in message

    def test_no_query_is_the_worked_example(self, voila):
        board = voila("")
        assert board.settings() == WORKED_EXAMPLE
        assert "bp-link-error" not in board.box.children[0]._dom_classes

    def test_outside_voila_the_environment_is_not_read(self, monkeypatch):
        monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
        monkeypatch.setenv("QUERY_STRING", "lr=5")
        assert playground.dashboard(projector=False).settings() == WORKED_EXAMPLE

    def test_open_link_returns_the_settings(self):
        board = playground.dashboard(projector=False)
        assert scenario_link.open_link(board, "epochs=100") == Settings(epochs=100)
        assert board.epochs.value == 100 and board.result.settings == Settings(epochs=100)
        assert scenario_link.open_link(board, "epochs=x") is None
