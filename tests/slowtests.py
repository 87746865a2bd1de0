"""The tests marked ``slow`` (see tests/conftest.py), kept apart so tests can read the list."""

# What `make test-fast` (`pytest -m "not slow"`) leaves out, in one place: tests that take
# seconds because they train an algorithm to convergence, build the site (which runs every
# algorithm for its figure), drive a browser (marked `browser` in their module), or compare
# answers over whole generated KBs. `make test` runs them all.
SLOW = {
    # algorithm convergence
    "tests/algorithms/test_baldwin_effect.py::test_learning_drives_correct_alleles_up_and_incorrect_out",
    "tests/algorithms/test_differentiable_plasticity.py::test_plastic_network_completes_patterns_non_plastic_does_not",
    "tests/algorithms/test_distributional_td.py::test_units_converge_to_expectiles",
    "tests/algorithms/test_distributional_td.py::test_symmetric_rates_learn_the_mean",
    "tests/algorithms/test_distributional_td.py::test_exact_expectiles_solve_the_expectile_equation_and_match_samples",
    "tests/algorithms/test_feedback_alignment.py::test_random_feedback_learns_and_aligns",
    "tests/algorithms/test_node_perturbation.py::test_loss_falls_more_than_tenfold",
    "tests/algorithms/test_node_perturbation.py::test_running_average_baseline_also_learns",
    "tests/algorithms/test_oja.py::test_converges_to_unit_norm_first_pc",
    "tests/algorithms/test_predictive_coding.py::test_pc_updates_converge_to_backprop_as_output_variance_grows",
    "tests/algorithms/test_predictive_coding.py::test_training_with_pc_matches_backprop",
    "tests/algorithms/test_superspike.py::test_neuron_learns_the_target_spike_train",
    "tests/algorithms/test_weight_mirror.py::test_mirror_mode_converges_to_the_transpose",
    "tests/algorithms/test_weight_mirror.py::test_mirrored_feedback_aligns_and_tracks_backprop",
    "tests/algorithms/test_winner_take_all.py::test_steady_state_selects_the_largest_input",
    # claims checked by training (and the mutants that must fail them)
    "tests/algorithms/test_baldwin_effect_mutations.py",
    "tests/algorithms/test_bcm.py::test_claim",
    "tests/algorithms/test_bcm_mutations.py",
    "tests/algorithms/test_differentiable_plasticity_mutations.py",
    "tests/algorithms/test_distributional_td_mutations.py",
    "tests/algorithms/test_ewc.py::test_claim",
    "tests/algorithms/test_ewc_mutations.py",
    "tests/algorithms/test_fa_pseudobackprop.py::test_claim",
    "tests/algorithms/test_fa_pseudobackprop_mutations.py",
    "tests/algorithms/test_feedback_alignment_mutations.py",
    "tests/algorithms/test_hopfield_capacity.py::test_capacity_trends_to_ags",
    "tests/algorithms/test_hopfield_capacity.py::test_capacity_trends_to_ags_seed0",
    "tests/algorithms/test_hopfield_capacity_mutations.py",
    "tests/algorithms/test_hopfield_mutations.py",
    "tests/algorithms/test_kolen_pollack.py::test_claim",
    "tests/algorithms/test_kolen_pollack_mutations.py",
    "tests/algorithms/test_miconi_rnn.py::test_claim_seed0",
    "tests/algorithms/test_miconi_rnn.py::test_claim_seeds_0_to_4_and_linear_learns_worse_on_average",
    "tests/algorithms/test_miconi_rnn_mutations.py",
    "tests/algorithms/test_node_perturbation_mutations.py",
    "tests/algorithms/test_oja_mutations.py",
    "tests/algorithms/test_predictive_coding_mutations.py",
    "tests/algorithms/test_stdp.py::test_claim",
    "tests/algorithms/test_stdp_mutations.py",
    "tests/algorithms/test_superspike.py::test_learns_from_a_silent_start_on_nine_of_ten_seeds",
    "tests/algorithms/test_superspike_mutations.py",
    "tests/algorithms/test_weight_mirror_mutations.py",
    "tests/algorithms/test_winner_take_all_mutations.py",
    # the site: strict builds (every algorithm runs for its figure) and layouts
    "tests/site/test_site_build.py",
    "tests/site/test_site_graph_view.py::test_papers_sit_near_their_topic",
    # whole generated KBs and whole-KB schema validation
    "tests/test_library.py::test_query_commands_answer_the_same_with_and_without_the_index",
    "tests/test_warm_reads.py::test_warm_reads_import_no_models",
    "tests/test_warm_reads.py::test_broad_queries_answer_the_same_with_and_without_the_index",
    "tests/test_related.py::test_index_lookups_rank_like_the_knowledge_base[generated_root]",
    "tests/test_related.py::test_ranking_matches_the_naive_reference[generated_root]",
    "tests/test_store.py::test_warm_knowledge_base_equals_a_cold_load[generated]",
    "tests/test_store.py::test_index_search_ranks_like_the_in_memory_search[generated]",
    "tests/test_store.py::test_index_listing_orders_like_the_in_memory_list[generated]",
    "tests/test_store.py::test_index_detail_equals_the_show_json[generated]",
    "tests/test_cli_validate.py::test_schema_validates_shipped_entries",
    # never stale at scale: a generated 25,000-file KB, edited under CPU load
    "tests/test_cache_stale_edit.py",
}  # fmt: skip
