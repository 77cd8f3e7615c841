"""Draw workflow: prepare (with pooling), freeze and publish, enter sources and draw; reviews opened."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from probity.audit.models import AuditEvent
from probity.declarations import domain, drawfile, queries
from probity.declarations.enums import DrawState, ReviewKind
from probity.declarations.models import Draw, DrawEntry, Review
from tests.declarations.conftest import VALUES


def test_prepare_draws_pools_units_below_threshold_with_parent(cast, draws):
    by_unit = {draw.unit: draw for draw in draws}
    assert set(by_unit) == {cast.unit_a, cast.unit_b}
    assert by_unit[cast.unit_a].pool_size == 15
    assert by_unit[cast.unit_a].pooled_units == [cast.unit_a1.name]
    assert by_unit[cast.unit_b].pool_size == 6


def test_draw_keeps_a_copy_of_the_rules(draws, policy):
    draw = draws[0]
    domain.save_policy(
        actor=None,
        filing_year=110,
        review_ratio="0.50",
        review_rounding="ceiling",
        comparison_ratio="0.02",
        comparison_rounding="ceiling",
        comparison_base="drawn",
        minimum_one=True,
        pool_threshold=5,
    )
    draw.refresh_from_db()
    assert draw.rules["review_ratio"] == "0.1000"


def test_pool_labels_hold_no_id_numbers_or_addresses(draws):
    labels = list(DrawEntry.objects.values_list("label", flat=True))
    assert all("E1" not in label and "路" not in label for label in labels)
    assert labels[0].count("／") == 2


def test_publish_freezes_pool_with_digest_and_counts(draws):
    draw = domain.publish_draw(draws[0], actor=None)
    labels = list(draw.entries.order_by("position").values_list("label", flat=True))
    assert draw.state == DrawState.PUBLISHED
    assert draw.pool_digest == drawfile.pool_digest(labels)
    assert (draw.review_count, draw.comparison_count) == (2, 1)


def test_run_draw_selects_and_opens_reviews(draws):
    draw = domain.publish_draw(draws[0], actor=None)
    draw = domain.run_draw(draw, actor=None, values=VALUES, review_opened_on=dt.date(2022, 2, 1))
    assert draw.state == DrawState.DRAWN
    assert draw.key == "3.11.19.27.35./"
    assert draw.entries.filter(review_pick__isnull=False).count() == 2
    assert draw.entries.filter(comparison_pick__isnull=False).count() == 1
    assert Review.objects.filter(draw=draw, kind=ReviewKind.DRAWN).count() == 2
    assert Review.objects.filter(draw=draw, kind=ReviewKind.COMPARISON).count() == 1
    assert AuditEvent.objects.filter(verb="declarations.draw.draw", target_code=str(draw.code)).count() == 1


def test_same_inputs_give_the_same_draw(draws):
    draw = domain.run_draw(domain.publish_draw(draws[0], actor=None), actor=None, values=VALUES)
    outcome = drawfile.run(draw.pool_size, draw.rules, VALUES)
    picked = list(
        draw.entries.filter(review_pick__isnull=False).order_by("review_pick").values_list("position", flat=True)
    )
    assert picked == outcome.review


def test_draw_file_verifies(draws):
    draw = domain.run_draw(domain.publish_draw(draws[0], actor=None), actor=None, values=VALUES)
    assert drawfile.verify(queries.draw_file(draw)).match


def test_cannot_draw_before_publishing(draws):
    with pytest.raises(ValidationError):
        domain.run_draw(draws[0], actor=None, values=VALUES)
    assert Draw.objects.get(pk=draws[0].pk).state == DrawState.DRAFT


def test_cannot_draw_without_every_source_value(draws):
    draw = domain.publish_draw(draws[0], actor=None)
    with pytest.raises(ValidationError):
        domain.run_draw(draw, actor=None, values=[])
    assert Draw.objects.get(pk=draw.pk).state == DrawState.PUBLISHED


def test_changed_pool_after_publishing_blocks_the_draw(draws):
    draw = domain.publish_draw(draws[0], actor=None)
    DrawEntry.objects.filter(draw=draw, position=1).update(label="someone else")
    with pytest.raises(ValidationError):
        domain.run_draw(draw, actor=None, values=VALUES)


def test_drawn_draw_cannot_be_drawn_again(draws):
    draw = domain.run_draw(domain.publish_draw(draws[0], actor=None), actor=None, values=VALUES)
    with pytest.raises(ValidationError):
        domain.run_draw(draw, actor=None, values=VALUES)


def test_prepare_twice_adds_nothing(draws):
    again = domain.prepare_draws(
        actor=None, filing_year=110, scheduled_on=dt.date(2022, 1, 20), sources=[{"name": "x", "date": "2022-01-18"}]
    )
    assert again == []
    assert Draw.objects.count() == 2
