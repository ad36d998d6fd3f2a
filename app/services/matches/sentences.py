"""A match in words, in the reader's language: fixture title, toss, innings lines and the result sentence."""
from flask_babel import gettext, ngettext

from .readouts import innings_of, result_of, score_text, super_overs_of, team_name


def fixture_title(match):
    """"Team A vs Team B"."""
    return gettext("%(team1)s vs %(team2)s", team1=match.team1.name, team2=match.team2.name)


def result_sentence(match):
    """"Wesley Warriors won by 2 runs", "… won by 4 wickets", "… won the super over", "Match tied", "No result",
    "Match abandoned"; empty while the match has no result."""
    if match.status == "abandoned":
        return gettext("Match abandoned")
    result = result_of(match)
    if result is None:
        return ""
    if result.outcome == "tie":
        return gettext("Match tied")
    if result.outcome == "no_result":
        return gettext("No result")
    team = team_name(match, result.winner_id)
    if result.super_over:
        return gettext("%(team)s won the super over", team=team)
    if result.margin_type == "runs":
        return ngettext("%(team)s won by %(num)d run", "%(team)s won by %(num)d runs", result.margin, team=team)
    return ngettext("%(team)s won by %(num)d wicket", "%(team)s won by %(num)d wickets", result.margin, team=team)


def toss_sentence(match):
    """"Trinity Tigers won the toss and chose to bowl"; empty before the toss."""
    if not match.toss_winner_id:
        return ""
    team = team_name(match, match.toss_winner_id)
    if match.toss_choice == "bat":
        return gettext("%(team)s won the toss and chose to bat", team=team)
    return gettext("%(team)s won the toss and chose to bowl", team=team)


def innings_line(match, slot):
    """"Immanuel Eagles 165/8 (10 ov)" for the `first` or `second` innings; empty when not recorded."""
    innings = innings_of(match, slot)
    if innings is None:
        return ""
    return f"{team_name(match, innings.batting_team_id)} {score_text(innings)}"


def super_over_line(match):
    """"Trinity Tigers 12/1, Immanuel Eagles 9/2" in the super over's batting order; empty when none."""
    overs = [over for over in super_overs_of(match) if over is not None]
    return ", ".join(f"{team_name(match, over.batting_team_id)} {over.runs}/{over.wickets}" for over in overs)
