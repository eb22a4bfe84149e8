"""Checks of one record against the rest of the rewards data (quota, budget, validity, sums).

Reads only (a roster check also locks its year's scheme against a concurrent write). The
services run them before every write; the admin's forms and the importer run them too, so a
clerk sees the problem beside the field instead of an error page.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import Sum

from gazette_site.formatting import wan_yuan
from rewards import rules
from rewards.models import (
    AwardPrize,
    AwardScheme,
    AwardWinner,
    Clawback,
    Institution,
    Measure,
    MeasureKind,
    SectorBudget,
)


def award_measure_for_year(year: int) -> Measure | None:
    """Return the award measure in force during some day of the year, if any."""
    for measure in Measure.objects.select_related("document").filter(kind=MeasureKind.AWARD):
        start, end = measure.effective_from, measure.effective_to
        if start and end and rules.year_within(year, effective_from=start, effective_to=end):
            return measure
    return None


def award_year_problem(year: int) -> str | None:
    """Say why a year cannot have awards, or None when it can (威政发〔2020〕6号 第十三条)."""
    if award_measure_for_year(year) is not None:
        return None
    measures = list(Measure.objects.select_related("document").filter(kind=MeasureKind.AWARD))
    if not measures:
        return f"{year}年没有可依据的金融业发展奖励办法。"
    spans = "、".join(
        f"《{m.title}》（{m.doc_number}）有效期为{m.validity_text}（{m.validity_article}）"
        for m in measures
    )
    return f"{year}年不在奖励办法有效期内：{spans}。"


def _lock_scheme(scheme_id: int) -> None:
    # Two clerks filling the last place of a prize at once must not both succeed:
    # lock the year's scheme for the rest of the transaction (PostgreSQL; SQLite
    # already serialises writers).
    if connection.in_atomic_block:
        list(AwardScheme.objects.select_for_update().filter(pk=scheme_id).values_list("pk"))


def award_winner_problems(*, winner: AwardWinner) -> list[str]:
    """Check a roster line against quota, budget, duplicates and validity (第六条、第十三条)."""
    if winner.prize_id is None or winner.institution_id is None:
        return []  # the missing field has its own message
    prize = AwardPrize.objects.select_related("scheme", "recipient").get(pk=winner.prize_id)
    institution = Institution.objects.get(pk=winner.institution_id)
    year = prize.scheme.year
    year_problem = award_year_problem(year)
    if year_problem:
        return [year_problem]
    _lock_scheme(prize.scheme_id)
    others = AwardWinner.objects.exclude(pk=winner.pk) if winner.pk else AwardWinner.objects.all()
    budget = (
        SectorBudget.objects.filter(scheme_id=prize.scheme_id, sector=prize.sector)
        .values_list("budget", flat=True)
        .first()
    )
    awarded = others.filter(prize__scheme_id=prize.scheme_id, prize__sector=prize.sector).aggregate(
        total=Sum("amount")
    )["total"] or Decimal(0)
    facts = rules.RosterFacts(
        year=year,
        institution=institution.name,
        institution_sector=institution.sector,
        prize=prize.name,
        prize_sector=prize.sector,
        prize_count=prize.count,
        prize_taken=others.filter(prize=prize).count(),
        amount=_winner_amount(winner, prize),
        sector_budget=budget,
        sector_awarded=awarded,
        holds_prize_already=others.filter(prize=prize, institution=institution).exists(),
        recipient=prize.recipient.name if prize.recipient else None,
        growth_indicator=prize.growth_indicator,
        min_growth_pct=prize.min_growth_pct,
        growth_pct=winner.growth_pct,
    )
    return rules.roster_problems(facts)


def _winner_amount(winner: AwardWinner, prize: AwardPrize) -> Decimal:
    """Keep the amount of a line whose prize is unchanged; a new or moved line takes the prize's."""
    if winner.pk and winner.amount is not None:
        old_prize = AwardWinner.objects.filter(pk=winner.pk).values_list("prize_id", flat=True)
        if list(old_prize) == [prize.pk]:
            return winner.amount
    winner.amount = prize.amount
    return winner.amount


def clawback_problems(*, clawback: Clawback) -> list[str]:
    """Check that a clawback recovers no more than the institution won that year (第八条)."""
    if clawback.institution_id is None or clawback.year is None or clawback.amount is None:
        return []  # the missing field has its own message
    awarded = AwardWinner.objects.filter(
        institution_id=clawback.institution_id, prize__scheme__year=clawback.year
    ).aggregate(total=Sum("amount"))["total"]
    name = Institution.objects.filter(pk=clawback.institution_id).values_list("name", flat=True)
    name = next(iter(name), "该机构")
    if not awarded:
        return [f"{name}在{clawback.year}年的获奖名单中没有记录，无法登记追回；请先录入获奖名单。"]
    earlier = Clawback.objects.filter(
        institution_id=clawback.institution_id, year=clawback.year
    ).exclude(pk=clawback.pk)
    recovered = earlier.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if recovered + clawback.amount > awarded:
        return [
            f"{name}在{clawback.year}年共获奖金{wan_yuan(awarded)}，已追回{wan_yuan(recovered)}，"
            f"再追回{wan_yuan(clawback.amount)}将超过所获奖金（第八条）。"
        ]
    return []
