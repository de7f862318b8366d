from django.core.management import call_command


def test_the_committed_state_graphs_match_the_code(db):
    """docs/state-graphs.md is generated from the @transition declarations; it must be current."""
    call_command("graph_states", "--check")


def test_every_model_change_has_its_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
