"""Hypothesis profiles, the ``slow`` marker and the ``browser`` tests.

Hypothesis profiles (tests without their own ``max_examples`` take it from the profile):

* ``dev`` (the default): quick enough to run the whole suite on a laptop while working.
* ``ci`` (selected when the ``CI`` environment variable is set, as ``.ci/run`` and CI services
  do): more examples than ``dev``, never fewer, so CI searches further than a laptop does.

``HYPOTHESIS_PROFILE=ci pytest`` (or ``=dev``) picks a profile explicitly and wins over ``CI``.

The ``slow`` marker: the tests named in :data:`SLOW` (measured with ``pytest --durations``) are
marked here, so ``pytest -m "not slow"`` gives a run of well under a minute that still touches
every test module; the plain ``pytest`` runs everything.

The ``browser`` marker: tests in headless Chromium (``tests/browser``) are deselected unless
``pytest --browser`` is given, and ``pytest --browser`` runs only them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Chosen by measurement on the 2-core reference machine: with CI_EXAMPLES = 50 the whole suite
# (2,621 tests) took 9 minutes; 100 examples would add about 10 minutes more, mostly in the
# property tests of the JSON layer and of the constructors. Raise it when those allow.
DEV_EXAMPLES = 25
CI_EXAMPLES = 50

settings.register_profile(
    "ci",
    max_examples=CI_EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", max_examples=DEV_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parents[1]

#: The slow tests, by file (relative to the repository root) and test function name (every
#: parametrization of it). Each takes a second or more on the 2-core reference machine; together
#: they are most of the suite's time. A file mapped to ``None`` is slow as a whole.
SLOW: dict[str, frozenset[str] | None] = {
    "tests/test_ingest.py": frozenset({"test_dask_writes_the_same_bytes_as_the_local_pool"}),
    "tests/test_tables.py": frozenset({"test_every_catalogue_round_trips_exactly"}),
    "tests/test_lines.py": frozenset(
        {
            "test_round_trips_through_lines",
            "test_iter_lines_holds_one_programme_at_a_time",
            "test_dump_lines_holds_one_programme_at_a_time",
        }
    ),
    "tests/test_json_schema.py": frozenset(
        {"test_generated_catalogues_are_valid", "test_the_schema_is_never_stricter_than_the_loader"}
    ),
    "tests/test_rates.py": frozenset(
        {"test_every_quote_is_the_brute_force_answer", "test_a_look_up_in_100000_rates_reads_log_n_dates"}
    ),
    "tests/test_io_rates.py": frozenset(
        {
            "test_ecb_reference_rates_as_published",
            "test_ecb_table_is_the_zip_as_published",
            "test_ecb_monthly_average_is_the_mean_of_the_published_days",
            "test_ecb_previous_bridges_the_new_year",
        }
    ),
    "tests/test_allocation.py": frozenset({"test_month_precise_ranges_are_the_extremes_of_every_reading"}),
    "tests/iati/test_iati_homes.py": frozenset(
        {"test_reading_puts_every_value_at_its_home", "test_reading_checks_every_path"}
    ),
    "tests/test_json.py": frozenset(
        {
            "test_every_model_type_round_trips",
            "test_catalogue_round_trip_keeps_organisation_identity_per_key",
            "test_dumps_is_deterministic",
        }
    ),
    "tests/test_testing.py": frozenset(
        {
            "test_activities_do_nest",
            "test_activities_nest_at_most_max_depth",
            "test_budgets_use_one_currency",
            "test_catalogue_keys_are_unique",
            "test_dac_themes_use_policy_marker_codes",
            "test_every_programme_and_catalogue_is_valid",
            "test_every_value_is_valid",
            "test_generated_values_survive_the_json_layer",
            "test_localized_texts_are_small",
            "test_programmes_keep_tuples_small",
            "test_register_type_strategies_makes_from_type_build_valid_values",
            "test_target_group_members_belong_to_its_clusters",
        }
    ),
    "tests/test_checks.py": frozenset({"test_check_never_raises_and_every_path_resolves"}),
    "tests/test_cli.py": frozenset({"test_python_m_itaproj", "test_report_html"}),
    "tests/test_docs_site.py": None,
    "tests/test_plot.py": frozenset({"test_report_charts_of_the_seed_catalogue"}),
    "tests/test_report_html.py": frozenset({"test_real_charts_are_inline_svg_figures_with_captions"}),
    "tests/test_metrics.py": frozenset({"test_metrics_of_any_catalogue_compute_and_serialize"}),
    "tests/test_model.py": frozenset({"test_members_by_cluster_adds_up"}),
    "tests/test_report.py": frozenset(
        {"test_any_programme_renders_in_every_locale", "test_any_catalogue_renders_one_card_per_programme"}
    ),
    "tests/test_text.py": frozenset(
        {
            "test_with_translation",
            "test_resolve_answers_in_the_first_present_language_of_the_chain",
            "test_every_present_language_resolves_to_itself",
            "test_permuted_texts_are_equal_and_hash_alike",
        }
    ),
    "tests/test_constructors.py": frozenset(
        {
            "test_a_wrong_type_is_refused_naming_the_field",
            "test_a_string_mapping_or_set_is_never_taken_apart",
            "test_any_ordered_iterable_is_stored_as_a_tuple",
            "test_a_mapping_is_a_text_and_a_bare_string_is_refused",
            "test_an_enum_member_may_be_given_by_its_value",
        }
    ),
    "tests/test_json_paths.py": frozenset(
        {
            "test_any_directory_survives_a_round_trip",
            "test_the_passes_agree_on_valid_documents",
            "test_the_passes_agree_on_mutated_documents",
        }
    ),
    "tests/test_json_hostile.py": frozenset({"test_any_repeated_key_is_found"}),
    "tests/test_fuzz.py": frozenset(
        {"test_mutated_strategy_documents", "test_mutated_iati_xml_reads_or_refuses"}
    ),
    "tests/iati/test_iati_hypothesis.py": frozenset({"test_model_to_xml_to_model_is_the_identity"}),
    "tests/iati/test_iati_real.py": frozenset(
        {
            # Every test of the module-scoped round trip of the six files (the ADB file is 3.6 MB).
            "test_read_write_read_gives_an_equal_catalogue",
            "test_writing_again_gives_the_same_bytes",
            "test_no_element_or_attribute_is_lost",
            "test_output_is_schema_valid_where_the_input_was",
            "test_xml_to_json_to_xml_is_byte_identical",
            "test_adb_money_is_mapped_with_resolved_currency_and_value_dates",
            "test_adb_results_keep_baselines_targets_and_actuals",
            "test_adb_time_zones_are_reported_with_path_and_line",
            "test_adb_policy_markers_become_themes",
        }
    ),
    "tests/iati/test_iati_write_hostile.py": frozenset(
        {"test_write_either_refuses_or_writes_xml_that_reads_back"}
    ),
    "tests/test_validator_suite.py": frozenset(
        {
            # The module-scoped judge: the Validator's rules over the whole XSpec suite in Saxon.
            "test_the_real_rules_fail_exactly_the_listed_expectations",
            "test_the_real_rules_meet_every_other_expectation",
            # itaproj scored on every expectation of the suite (about 4 s).
            "test_itaproj_meets_every_expectation_the_real_rules_meet",
            # The rules read every codelist of every version once per transformation.
            "test_annotate_and_the_judge_agree_on_a_hand_case",
        }
    ),
    "tests/test_iati_organisations.py": frozenset(
        {
            "test_any_file_round_trips_through_xml",
            "test_any_one_broken_element_is_read_with_findings_and_written_back_losslessly",
            "test_any_one_broken_value_is_read_with_findings_and_written_back_losslessly",
        }
    ),
    "tests/iati/test_iati_write_fast.py": frozenset(
        {
            "test_random_flows_write_as_their_nodes",
            "test_every_flow_of_every_real_file_writes_as_its_node",
            "test_random_flows_without_extras_are_written_as_text",
            "test_real_files_write_the_same_bytes_without_the_text_writers",
        }
    ),
    # The Validator's rules in Saxon over every real file, against itaproj's findings.
    "tests/iati/test_iati_dq_differential.py": None,
    # validate's one parse against the old two, on every XML file of the tests.
    "tests/iati/test_iati_validate_fast.py": None,
    "tests/iati/test_iati_read_fast.py": frozenset(
        {
            "test_every_file_reads_the_same_without_the_one_pass_readers",
            "test_a_changed_budget_reads_the_same_in_one_pass",
            "test_every_real_activity_child_said_plain_is_declared_and_iati_only",
            "test_a_changed_transaction_reads_the_same_in_one_pass",
            "test_a_changed_result_reads_the_same_in_one_pass",
            "test_every_real_element_path_is_the_same_with_shared_paths",
        }
    ),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--browser``: run the browser tests (and only them)."""
    parser.addoption(
        "--browser",
        action="store_true",
        default=False,
        help="run only the tests marked browser (headless Chromium); without it they are deselected",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``browser`` marker (``--strict-markers`` refuses undeclared ones)."""
    config.addinivalue_line(
        "markers",
        "browser: a test in headless Chromium (Debian's chromium and chromium-driver); "
        "run only with `pytest --browser`",
    )


def _select_browser_tests(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the browser tests without ``--browser``, and every other test with it."""
    browser = config.getoption("--browser")
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        (keep if (item.get_closest_marker("browser") is not None) == browser else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests listed in :data:`SLOW` before ``-m`` selects on markers; select the browser tests.

    A listed name that its module no longer defines is a usage error, so the list cannot go
    stale silently when a test is renamed.
    """
    modules: dict[str, object] = {}
    for item in items:
        try:
            path = item.path.resolve().relative_to(ROOT).as_posix()
        except ValueError:  # collected from outside the repository: never listed
            continue
        if path not in SLOW:
            continue
        names = SLOW[path]
        module = getattr(item, "module", None)
        if module is not None:
            modules[path] = module
        name = getattr(item, "originalname", None) or item.name.split("[", 1)[0]
        if names is None or name in names:
            item.add_marker(pytest.mark.slow)
    for path, module in modules.items():
        missing = sorted(name for name in SLOW[path] or () if not hasattr(module, name))
        if missing:
            raise pytest.UsageError(
                f"tests/conftest.py SLOW lists tests that {path} does not define: {missing}"
            )
    _select_browser_tests(config, items)
