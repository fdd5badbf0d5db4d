"""Package-level contract: the API names are exported, and torch stays optional."""

import re
import subprocess
import sys
from pathlib import Path

import itlab as it

API_NAMES = [
    "entropy",
    "conditional_entropy",
    "mutual_information",
    "conditional_mutual_information",
    "interaction_information",
    "kl_divergence",
    "cross_entropy",
    "js_divergence",
    "binary_entropy",
    "joint_pmf",
    "entropy_estimate",
    "gaussian_entropy",
    "gaussian_mutual_information",
    "knn_entropy",
    "ksg_mutual_information",
    "ksg_conditional_mutual_information",
    "binned_mutual_information",
    "channel_capacity",
    "gaussian_capacity",
    "water_filling",
    "rate_distortion",
    "rate_distortion_curve",
    "fano_lower_bound",
    "gaussian_bayes_error",
]


def test_api_names_are_exported_at_top_level():
    for name in API_NAMES:
        assert callable(getattr(it, name)), name
        assert name in it.__all__, name


def test_all_names_exist_and_are_unique():
    assert len(it.__all__) == len(set(it.__all__))
    for name in it.__all__:
        assert hasattr(it, name), name


def test_import_without_torch():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'torch' or name.startswith('torch.'):\n"
        "            raise ImportError('torch blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import itlab as it\n"
        "print(it.entropy([0.5, 0.5]), it.mutual_information([[0.5, 0], [0, 0.5]]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1.0", "1.0"]


def test_readme_commands_are_what_ci_runs():
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text()
    first_block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    assert "make book" in first_block and "make test" in first_block
    assert "make test" in (root / ".ci" / "run").read_text()
