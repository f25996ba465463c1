"""Loading rheumex's pipeline module does not import spaCy's command line (pipelines/spacy_import.py),
and spaCy's CLI still imports whole afterwards."""
import subprocess
import sys

CODE = (
    "import sys\n"
    "import rheumex.pipelines\n"
    "print('spacy.cli' in sys.modules, 'typer' in sys.modules, 'spacy.cli.info' in sys.modules)\n"
    "import spacy\n"
    "from spacy.cli.train import train\n"
    "import spacy.cli\n"
    "print(callable(train), spacy.cli.info.__module__, hasattr(spacy.cli, 'download'))\n"
)


def test_pipelines_import_leaves_spacy_cli_out_and_it_imports_later():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "False False False"
    assert out[1] == "True spacy.cli.info True"


def test_entry_points_by_group_give_what_catalogue_gave():
    import catalogue

    from rheumex.pipelines import spacy_import  # noqa: F401  (installs the index)

    eps = catalogue.AVAILABLE_ENTRY_POINTS
    assert isinstance(eps, spacy_import._EntryPointsByGroup)
    for group in ("spacy_factories", "spacy_architectures", "srsly_msgpack_encoders", "no_such_group"):
        assert list(eps.select(group=group)) == list(eps._eps.select(group=group))
        assert eps.select(group=group) is eps.select(group=group)
