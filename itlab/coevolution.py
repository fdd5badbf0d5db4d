r"""Contacts from co-evolution: mutual information and direct couplings between alignment columns.

Residues that touch in a folded protein must stay compatible: when one mutates,
the other tends to follow. Across a multiple sequence alignment (MSA) of a
protein family, the two columns therefore co-vary. This module scores pairs of
columns and checks the scores against a known contact map:

* :func:`mi_matrix` -- plug-in mutual information between columns, optionally
  with sequence reweighting and a pseudocount; :func:`apc` removes the
  background that every column shares with all others (Dunn et al. 2008);
* :func:`mean_field_dca` -- direct coupling analysis in the mean-field
  approximation (Morcos et al. 2011): couplings are minus the inverse of the
  covariance of one-hot columns, scored by their Frobenius norm with APC;
* :func:`plm_dca` -- pseudo-likelihood DCA (Ekeberg et al. 2013), all sites
  fitted jointly with L-BFGS;
* :func:`sample_potts` -- a Potts model sampler (Gibbs sampling, vectorised
  across sequences) to make alignments whose true contacts are known, and
  :func:`serpentine_contacts` for a simple lattice fold;
* :func:`contact_precision` -- the fraction of true contacts among the top
  predictions.

Pair statistics are never computed with a Python loop over pairs of columns:
every (sequence, column pair, state pair) gets one integer code and a single
weighted ``np.bincount`` counts them all, :math:`O(NL^2)` work. (The one-hot
product :math:`X^\top \mathrm{diag}(w) X` gives the same counts with
:math:`O(NL^2q^2)` work; it is used for sequence identities, :math:`XX^\top`.)
"""

from __future__ import annotations

import numpy as np
from scipy import optimize
from scipy.special import entr

from ._validation import as_generator, check_positive_int, check_real, log_base

__all__ = [
    "AMINO_ACIDS",
    "encode_alignment",
    "sequence_weights",
    "mi_matrix",
    "apc",
    "mean_field_dca",
    "plm_dca",
    "serpentine_contacts",
    "random_potts",
    "sample_potts",
    "contact_precision",
]

#: The 20 amino acids and the gap, in the order used to encode strings (gap is state 20).
AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY-"
_LOOKUP = np.full(256, -1, dtype=np.int64)
for _i, _c in enumerate(AMINO_ACIDS):
    _LOOKUP[ord(_c)] = _i
    _LOOKUP[ord(_c.lower())] = _i
_LOOKUP[ord(".")] = 20  # a2m insert-state gap


# ----------------------------------------------------------------------------- input


def encode_alignment(msa, name="msa"):
    """Return an alignment as an ``(N, L)`` int array of states and the number of states q.

    Parameters
    ----------
    msa : array_like of int, shape (N, L), or sequence of str
        Either integer states 0..q-1 (then q = max + 1, at least 2), or N strings of
        equal length over :data:`AMINO_ACIDS` (upper or lower case; '.' reads as a
        gap), which gives q = 21.
    name : str
        Argument name for error messages.

    Returns
    -------
    (numpy.ndarray, int)
        The (N, L) int64 array and q.

    Raises
    ------
    ValueError
        If the strings differ in length (a ragged alignment), contain a letter that is
        not an amino acid or gap, or the array is not 2-D, is empty, or has negative
        states.
    TypeError
        If the array is not of integers.

    Examples
    --------
    >>> from itlab.coevolution import encode_alignment
    >>> a, q = encode_alignment(["AC-", "AD-"])
    >>> a.tolist(), q
    ([[0, 1, 20], [0, 2, 20]], 21)
    """
    if isinstance(msa, str):
        raise TypeError(f"{name} must be a sequence of strings or a 2-D int array, not one string")
    if isinstance(msa, (list, tuple)) and len(msa) > 0 and all(isinstance(s, str) for s in msa):
        lengths = {len(s) for s in msa}
        if len(lengths) != 1:
            raise ValueError(f"{name} is ragged: its sequences have lengths {sorted(lengths)[:5]}")
        length = lengths.pop()
        if length == 0:
            raise ValueError(f"{name} has sequences of length 0")
        try:
            raw = np.frombuffer("".join(msa).encode("ascii"), dtype=np.uint8)
        except UnicodeEncodeError:
            raise ValueError(f"{name} contains non-ASCII letters") from None
        codes = _LOOKUP[raw]
        if np.any(codes < 0):
            bad = sorted({chr(c) for c in raw[codes < 0]})
            raise ValueError(f"{name} contains letters that are not amino acids or '-': {bad}")
        return codes.reshape(len(msa), length), len(AMINO_ACIDS)
    arr = np.asarray(msa)
    if arr.dtype == bool or arr.dtype.kind not in "iu":
        if arr.dtype.kind == "O" or arr.dtype.kind in "US":
            raise ValueError(
                f"{name} must be equal-length strings or a 2-D int array (ragged or mixed input?)"
            )
        raise TypeError(f"{name} must hold integer states, got dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (sequences x columns), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if arr.min() < 0:
        raise ValueError(f"{name} has negative states (min {arr.min()})")
    return arr.astype(np.int64), max(int(arr.max()) + 1, 2)


def _one_hot(a, q):
    """(N, L) states -> (N, L*q) float one-hot matrix."""
    n, length = a.shape
    x = np.zeros((n, length * q))
    x[np.arange(n)[:, None], np.arange(length) * q + a] = 1.0
    return x


def sequence_weights(msa, theta=0.2):
    r"""Weights that discount near-duplicate sequences: 1 / (size of each sequence's neighbourhood).

    Parameters
    ----------
    msa : array_like or sequence of str
        Alignment, as in :func:`encode_alignment`.
    theta : float, default 0.2
        Two sequences are neighbours when they differ at fewer than ``theta * L``
        positions; every sequence is its own neighbour. ``theta`` in [0, 1].

    Returns
    -------
    numpy.ndarray, shape (N,)
        :math:`w_n = 1 / |\{m : d_H(a_n, a_m) < \theta L\}|`; their sum is the
        effective number of sequences :math:`M_\text{eff}`.

    Notes
    -----
    Hamming distances come from one matrix product of one-hot alignments (identities
    :math:`X X^\top`), as in Morcos et al. (2011), who take :math:`\theta = 0.2`
    (80 % identity).

    References
    ----------
    Morcos et al. (2011), "Direct-coupling analysis of residue coevolution captures
    native contacts across many protein families", *PNAS* 108, E1293–E1301.

    Examples
    --------
    >>> from itlab.coevolution import sequence_weights
    >>> sequence_weights(["AAAAA", "AAAAA", "CCCCC"]).tolist()
    [0.5, 0.5, 1.0]
    """
    a, q = encode_alignment(msa)
    theta = check_real(theta, "theta", minimum=0.0)
    if theta > 1:
        raise ValueError(f"theta must lie in [0, 1], got {theta!r}")
    return _weights(a, q, theta)


def _weights(a, q, theta):
    n, length = a.shape
    x = _one_hot(a, q).astype(np.float32)
    identical = x @ x.T  # positions where sequences agree
    neighbours = np.rint(length - identical) < theta * length
    np.fill_diagonal(neighbours, True)
    return 1.0 / neighbours.sum(axis=1)


def _pair_frequencies(a, q, w, chunk=2_000_000, upper_only=False):
    """Weighted pair frequencies (L, q, L, q) from one ``np.bincount`` over all pair codes.

    Every (sequence, pair i < j) gets the code ``(pair * q + a_i) * q + a_j``; the
    counts of all pairs at once are a single weighted bincount (in chunks of
    sequences to bound memory). O(N L^2) work, no loop over pairs.
    """
    n, length = a.shape
    ii, jj = np.triu_indices(length, 1)
    n_pairs = ii.size
    offset = np.arange(n_pairs, dtype=np.int64) * q * q
    counts = np.zeros(n_pairs * q * q)
    step = max(1, chunk // max(n_pairs, 1))
    uniform = bool(np.all(w == w[0]))
    for s in range(0, n, step):  # chunks of sequences, only to bound memory
        blk = a[s : s + step]
        codes = (offset + blk[:, ii] * q + blk[:, jj]).ravel()
        if uniform:  # integer counting is faster than a weighted bincount
            counts += np.bincount(codes, minlength=n_pairs * q * q)
        else:
            wts = np.broadcast_to(w[s : s + step, None], (blk.shape[0], n_pairs)).ravel()
            counts += np.bincount(codes, weights=wts, minlength=n_pairs * q * q)
    if uniform:
        counts *= w[0]
    upper = counts.reshape(n_pairs, q, q)
    if upper_only:
        return ii, jj, upper
    fij = np.zeros((length, length, q, q))
    fij[ii, jj] = upper
    fij[jj, ii] = upper.transpose(0, 2, 1)
    return fij.transpose(0, 2, 1, 3)


def _frequencies(msa, pseudocount, theta, upper_only=False):
    """Single-site (L, q) and pair (L, q, L, q) frequencies, reweighted and regularised."""
    a, q = encode_alignment(msa)
    lam = check_real(pseudocount, "pseudocount", minimum=0.0)
    if lam >= 1:
        raise ValueError(f"pseudocount must lie in [0, 1), got {lam!r}")
    if theta is None:
        w = np.ones(a.shape[0])
    else:
        theta = check_real(theta, "theta", minimum=0.0)
        if theta > 1:
            raise ValueError(f"theta must lie in [0, 1], got {theta!r}")
        w = _weights(a, q, theta)
    n, length = a.shape
    w = w / w.sum()
    fi = (w @ _one_hot(a, q)).reshape(length, q)
    fi = (1 - lam) * fi + lam / q
    if upper_only:  # (i, j, f_ij) for the pairs i < j only
        ii, jj, up = _pair_frequencies(a, q, w, upper_only=True)
        return fi, (ii, jj, (1 - lam) * up + lam / q**2), a, q
    fij = _pair_frequencies(a, q, w)
    fij = (1 - lam) * fij + lam / q**2
    # a column paired with itself: the diagonal of its own single-site frequencies
    idx = np.arange(length)
    fij[idx, :, idx, :] = fi[:, :, None] * np.eye(q)
    return fi, fij, a, q


# ----------------------------------------------------------------------------- MI and APC


def mi_matrix(msa, *, pseudocount=0.0, theta=None, base=2):
    r"""Plug-in mutual information between every pair of alignment columns.

    Parameters
    ----------
    msa : array_like of int, shape (N, L), or sequence of str
        N aligned sequences of length L: integer states 0..q-1, or strings over the
        20 amino acids and '-' (q = 21), see :func:`encode_alignment`.
    pseudocount : float, default 0.0
        Weight :math:`\lambda \in [0, 1)` of a uniform pseudo-distribution mixed into
        the frequencies (see Notes).
    theta : float or None, default None
        If given (e.g. 0.2), each sequence is weighted by 1 / (number of sequences
        that differ from it at fewer than ``theta * L`` positions), see
        :func:`sequence_weights`. ``None``: all weights 1.
    base : float, default 2
        Logarithm base: 2 gives bits.

    Returns
    -------
    numpy.ndarray, shape (L, L)
        :math:`I(A_i; A_j)` in units of ``base``; symmetric with a zero diagonal.

    Raises
    ------
    ValueError
        For a ragged alignment, unknown letters, negative states, ``pseudocount``
        outside [0, 1), ``theta`` outside [0, 1], or a bad ``base``.

    Notes
    -----
    With weights :math:`w_n` summing to 1, one-hot :math:`x_{n,ia}`:

    .. math::
        f_i(a) = (1-\lambda)\sum_n w_n x_{n,ia} + \frac{\lambda}{q}, \qquad
        f_{ij}(a,b) = (1-\lambda)\sum_n w_n x_{n,ia}x_{n,jb} + \frac{\lambda}{q^2},

    (the pseudocount convention of Morcos et al. 2011), and

    .. math:: I_{ij} = \sum_{a,b} f_{ij}(a,b)\log\frac{f_{ij}(a,b)}{f_i(a)f_j(b)} .

    All pair frequencies come from one weighted ``np.bincount`` over the codes of
    all (sequence, pair, state pair) triples.

    References
    ----------
    Dunn, Wahl & Gloor (2008), "Mutual information without the influence of phylogeny
    or entropy dramatically improves residue contact prediction", *Bioinformatics* 24.

    Examples
    --------
    >>> from itlab.coevolution import mi_matrix
    >>> mi = mi_matrix(["AC", "AC", "DE", "DE"])
    >>> mi.tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    lb = log_base(base)
    fi, (ii, jj, fij), a, q = _frequencies(msa, pseudocount, theta, upper_only=True)
    # the marginals of f_ij are f_i and f_j, so I_ij = H_i + H_j - H_ij
    h_single = entr(fi).sum(axis=1)
    vals = h_single[ii] + h_single[jj] - entr(fij.reshape(fij.shape[0], -1)).sum(axis=1)
    length = a.shape[1]
    mi = np.zeros((length, length))
    vals[np.abs(vals) < 1e-12] = 0.0  # round-off of independent columns
    mi[ii, jj] = vals
    mi[jj, ii] = vals
    return mi / lb


def _check_square(m, name):
    arr = np.asarray(m, dtype=float)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be a square 2-D matrix, got shape {arr.shape}")
    if arr.shape[0] < 3:
        raise ValueError(f"{name} needs at least 3 columns, got {arr.shape[0]}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite entries")
    return arr


def apc(mi):
    r"""Average product correction of a pair-score matrix (Dunn et al. 2008).

    Parameters
    ----------
    mi : array_like, shape (L, L)
        Symmetric pair scores (e.g. from :func:`mi_matrix`), L >= 3; the diagonal is
        ignored.

    Returns
    -------
    numpy.ndarray, shape (L, L)
        :math:`\mathrm{MI}_{ab} - \mathrm{MI}_{a\cdot}\mathrm{MI}_{b\cdot}/\mathrm{MI}_{\cdot\cdot}`
        with a zero diagonal.

    Raises
    ------
    ValueError
        If ``mi`` is not square, has fewer than 3 columns, has non-finite entries, or
        its off-diagonal mean is 0.

    Notes
    -----
    :math:`\mathrm{MI}_{a\cdot} = \frac1{L-1}\sum_{b \ne a}\mathrm{MI}_{ab}` and
    :math:`\mathrm{MI}_{\cdot\cdot} = \frac1{L(L-1)}\sum_{a \ne b}\mathrm{MI}_{ab}`.
    The product term estimates the background a pair shares through each column's
    entropy and the phylogeny of the sequences, which is nearly a product of a
    per-column factor.

    References
    ----------
    Dunn, Wahl & Gloor (2008), *Bioinformatics* 24, 333–340.

    Examples
    --------
    >>> import numpy as np
    >>> from itlab.coevolution import apc
    >>> m = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]])
    >>> apc(m).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    m = _check_square(mi, "mi").copy()
    length = m.shape[0]
    np.fill_diagonal(m, 0.0)
    row = m.sum(axis=1) / (length - 1)
    total = m.sum() / (length * (length - 1))
    if total == 0:
        raise ValueError("mi has an off-diagonal mean of 0; the correction is undefined")
    out = m - np.outer(row, row) / total
    np.fill_diagonal(out, 0.0)
    return out


# ----------------------------------------------------------------------------- DCA


def _frobenius_apc(j4):
    """Couplings (L, q, L, q) -> zero-sum gauge -> Frobenius norms -> APC."""
    j4 = (
        j4
        - j4.mean(axis=1, keepdims=True)
        - j4.mean(axis=3, keepdims=True)
        + j4.mean(axis=(1, 3), keepdims=True)
    )
    fn = np.sqrt((j4**2).sum(axis=(1, 3)))
    np.fill_diagonal(fn, 0.0)
    fn = 0.5 * (fn + fn.T)
    return apc(fn)


def mean_field_dca(msa, *, pseudocount=0.5, theta=0.2, return_couplings=False):
    r"""Mean-field direct coupling analysis: contact scores from the inverse covariance.

    Parameters
    ----------
    msa : array_like of int, shape (N, L), or sequence of str
        Alignment, as in :func:`mi_matrix`.
    pseudocount : float, default 0.5
        Weight :math:`\lambda` of the uniform pseudo-distribution (Morcos et al. use 0.5).
    theta : float or None, default 0.2
        Reweighting threshold, as in :func:`mi_matrix`; ``None`` for no reweighting.
    return_couplings : bool, default False
        Also return the couplings as an (L, q, L, q) array (zero-sum gauge, zero
        diagonal blocks).

    Returns
    -------
    numpy.ndarray, shape (L, L)
        Frobenius norm of each coupling block after APC (symmetric, zero diagonal);
        with ``return_couplings``, the pair ``(scores, couplings)``.

    Raises
    ------
    ValueError
        As :func:`mi_matrix`; also if the alignment has fewer than 3 columns.

    Notes
    -----
    The connected correlations of the one-hot columns, dropping the last state of
    each column (its indicator is fixed by the others),

    .. math:: C_{ia,jb} = f_{ij}(a,b) - f_i(a) f_j(b), \qquad a, b < q,

    form an :math:`L(q-1)` square matrix. In the mean-field (small-coupling)
    approximation of the Potts model, the couplings are
    :math:`e_{ij}(a,b) = -(C^{-1})_{ia,jb}`, with :math:`e_{ij}(a, q) =
    e_{ij}(q, b) = 0`. Inverting C turns correlations that are passed along chains
    of couplings into the direct couplings alone. Each block is moved to the
    zero-sum gauge and scored by its Frobenius norm, then :func:`apc` is applied.
    Morcos et al. score pairs by their *direct information* instead; the Frobenius
    norm with APC is the score Ekeberg et al. (2013) introduced for plmDCA, used here
    so that :func:`mean_field_dca` and :func:`plm_dca` differ only in the fit.

    References
    ----------
    Morcos et al. (2011), *PNAS* 108, E1293–E1301.
    Ekeberg et al. (2013), "Improved contact prediction in proteins: using
    pseudolikelihoods to infer Potts models", *Physical Review E* 87, 012707.

    Examples
    --------
    >>> import numpy as np
    >>> from itlab.coevolution import mean_field_dca
    >>> s = mean_field_dca(np.random.default_rng(0).integers(0, 3, size=(200, 6)))
    >>> s.shape, bool(np.allclose(s, s.T))
    ((6, 6), True)
    """
    fi, fij, a, q = _frequencies(msa, pseudocount, theta)
    length = a.shape[1]
    if length < 3:
        raise ValueError(f"msa needs at least 3 columns, got {length}")
    c = fij - fi[:, :, None, None] * fi[None, None, :, :]
    c = c[:, : q - 1, :, : q - 1].reshape(length * (q - 1), length * (q - 1))
    try:
        e = -np.linalg.inv(c)
    except np.linalg.LinAlgError:
        raise ValueError("msa gives a singular covariance; use pseudocount > 0") from None
    j4 = np.zeros((length, q, length, q))
    j4[:, : q - 1, :, : q - 1] = e.reshape(length, q - 1, length, q - 1)
    idx = np.arange(length)
    j4[idx, :, idx, :] = 0.0
    scores = _frobenius_apc(j4)
    if return_couplings:
        j4 = (
            j4
            - j4.mean(axis=1, keepdims=True)
            - j4.mean(axis=3, keepdims=True)
            + j4.mean(axis=(1, 3), keepdims=True)
        )
        j4[idx, :, idx, :] = 0.0
        return scores, j4
    return scores


def plm_dca(msa, *, lambda_h=0.01, lambda_j=0.01, theta=0.2, max_iter=500, return_couplings=False):
    r"""Pseudo-likelihood direct coupling analysis (symmetric plmDCA, all sites jointly).

    Parameters
    ----------
    msa : array_like of int, shape (N, L), or sequence of str
        Alignment, as in :func:`mi_matrix`.
    lambda_h, lambda_j : float, default 0.01
        L2 penalties on the fields and the couplings.
    theta : float or None, default 0.2
        Reweighting threshold, as in :func:`mi_matrix`.
    max_iter : int, default 500
        Iteration cap of L-BFGS.
    return_couplings : bool, default False
        Also return the fitted couplings (L, q, L, q), zero-sum gauge.

    Returns
    -------
    numpy.ndarray, shape (L, L)
        Frobenius-norm scores with APC (symmetric, zero diagonal); with
        ``return_couplings``, the pair ``(scores, couplings)``.

    Notes
    -----
    The Potts model :math:`P(a) \propto \exp(\sum_i h_i(a_i) + \sum_{i<j} J_{ij}(a_i,a_j))`
    has conditionals :math:`P(a_i \mid a_{\setminus i}) = \mathrm{softmax}_a
    (h_i(a) + \sum_{j\ne i} J_{ij}(a, a_j))`, which need no partition function. The
    fit minimises the weighted negative log pseudo-likelihood per effective sequence

    .. math:: -\frac{1}{M_\text{eff}}\sum_n w_n \sum_i \log P(a^n_i \mid a^n_{\setminus i})
              + \lambda_h \lVert h\rVert^2 + \lambda_J \lVert J\rVert^2

    over all fields and symmetric couplings at once with L-BFGS. All conditionals
    of all sequences are one matrix product of the one-hot alignment with the
    :math:`Lq \times Lq` coupling matrix. Ekeberg et al. use
    :math:`\lambda_h = \lambda_J = 0.01` for their symmetric version.

    References
    ----------
    Ekeberg, Lövkvist, Lan, Weigt & Aurell (2013), *Physical Review E* 87, 012707.

    Examples
    --------
    >>> import numpy as np
    >>> from itlab.coevolution import plm_dca
    >>> s = plm_dca(np.random.default_rng(0).integers(0, 3, size=(200, 6)))
    >>> s.shape, bool(np.allclose(s, s.T))
    ((6, 6), True)
    """
    a, q = encode_alignment(msa)
    n, length = a.shape
    if length < 3:
        raise ValueError(f"msa needs at least 3 columns, got {length}")
    lam_h = check_real(lambda_h, "lambda_h", minimum=0.0)
    lam_j = check_real(lambda_j, "lambda_j", minimum=0.0)
    max_iter = check_positive_int(max_iter, "max_iter")
    if theta is None:
        w = np.ones(n)
    else:
        theta = check_real(theta, "theta", minimum=0.0)
        if theta > 1:
            raise ValueError(f"theta must lie in [0, 1], got {theta!r}")
        w = _weights(a, q, theta)
    w = w / w.sum()
    lq = length * q
    x = _one_hot(a, q)
    mask = np.ones((length, q, length, q))
    idx = np.arange(length)
    mask[idx, :, idx, :] = 0.0
    mask = mask.reshape(lq, lq)
    xw = x * w[:, None]

    def objective(theta_vec):
        h = theta_vec[:lq]
        jm = theta_vec[lq:].reshape(lq, lq)
        jm = 0.5 * (jm + jm.T) * mask
        logits = (x @ jm + h).reshape(n, length, q)
        logits -= logits.max(axis=2, keepdims=True)
        logz = np.log(np.exp(logits).sum(axis=2, keepdims=True))
        logp = logits - logz
        nll = -(xw.reshape(n, length, q) * logp).sum()
        resid = (np.exp(logp) - x.reshape(n, length, q)).reshape(n, lq) * w[:, None]
        g_h = resid.sum(axis=0) + 2 * lam_h * h
        g_j = x.T @ resid
        g_j = 0.5 * (g_j + g_j.T) * mask + 2 * lam_j * jm
        f = nll + lam_h * (h @ h) + lam_j * (jm * jm).sum()
        return f, np.concatenate([g_h, g_j.ravel()])

    start = np.zeros(lq + lq * lq)
    res = optimize.minimize(
        objective, start, jac=True, method="L-BFGS-B", options={"maxiter": max_iter}
    )
    jm = res.x[lq:].reshape(lq, lq)
    jm = 0.5 * (jm + jm.T) * mask
    j4 = jm.reshape(length, q, length, q)
    scores = _frobenius_apc(j4)
    if return_couplings:
        j4 = (
            j4
            - j4.mean(axis=1, keepdims=True)
            - j4.mean(axis=3, keepdims=True)
            + j4.mean(axis=(1, 3), keepdims=True)
        )
        return scores, j4
    return scores


# ----------------------------------------------------------------------------- synthetic families


def serpentine_contacts(n_rows, n_cols):
    """Contact map of a chain folded back and forth on an ``n_rows`` x ``n_cols`` square lattice.

    Residue k sits in row ``k // n_cols``; odd rows run right to left, so the chain
    turns at the ends like a snake. Two residues are in contact when they are
    nearest neighbours on the lattice (this includes chain neighbours).

    Parameters
    ----------
    n_rows, n_cols : int
        Lattice size; L = n_rows * n_cols residues.

    Returns
    -------
    numpy.ndarray of bool, shape (L, L)
        Symmetric contact map with a false diagonal.

    Examples
    --------
    >>> from itlab.coevolution import serpentine_contacts
    >>> c = serpentine_contacts(2, 3)     # residues 0 1 2 / 5 4 3
    >>> sorted((int(i), int(j)) for i, j in zip(*c.nonzero()) if i < j)
    [(0, 1), (0, 5), (1, 2), (1, 4), (2, 3), (3, 4), (4, 5)]
    """
    n_rows = check_positive_int(n_rows, "n_rows")
    n_cols = check_positive_int(n_cols, "n_cols")
    k = np.arange(n_rows * n_cols)
    row = k // n_cols
    col = np.where(row % 2 == 0, k % n_cols, n_cols - 1 - k % n_cols)
    dist = np.abs(row[:, None] - row[None, :]) + np.abs(col[:, None] - col[None, :])
    return dist == 1


def random_potts(contacts, q, *, coupling=1.0, field=1.0, seed=0):
    r"""Random Potts parameters with couplings only on a given contact map.

    Parameters
    ----------
    contacts : array_like of bool, shape (L, L)
        Symmetric contact map; pairs with ``True`` get a coupling block.
    q : int
        Number of states per site (>= 2).
    coupling, field : float, default 1.0
        Standard deviation of the Gaussian coupling and field entries.
    seed : int or numpy.random.Generator, default 0
        Random seed.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Fields ``h`` (L, q) and couplings ``J`` (L, q, L, q) with
        ``J[i, a, j, b] == J[j, b, i, a]``, zero-sum gauge, zero outside contacts.

    Examples
    --------
    >>> from itlab.coevolution import random_potts, serpentine_contacts
    >>> h, J = random_potts(serpentine_contacts(2, 2), 3)
    >>> h.shape, J.shape
    ((4, 3), (4, 3, 4, 3))
    """
    c = _check_contacts(contacts, "contacts")
    q = check_positive_int(q, "q", minimum=2)
    coupling = check_real(coupling, "coupling", minimum=0.0)
    field = check_real(field, "field", minimum=0.0)
    rng = as_generator(seed)
    length = c.shape[0]
    h = field * rng.normal(size=(length, q))
    h -= h.mean(axis=1, keepdims=True)
    j = coupling * rng.normal(size=(length, length, q, q))
    j -= j.mean(axis=2, keepdims=True)
    j -= j.mean(axis=3, keepdims=True)
    j = np.triu(np.ones((length, length)), 1)[:, :, None, None] * j * c[:, :, None, None]
    j = j + j.transpose(1, 0, 3, 2)
    return h, j.transpose(0, 2, 1, 3).copy()


def _check_contacts(contacts, name):
    c = np.asarray(contacts)
    if c.ndim != 2 or c.shape[0] != c.shape[1]:
        raise ValueError(f"{name} must be a square 2-D matrix, got shape {c.shape}")
    c = c.astype(bool)
    if not np.array_equal(c, c.T):
        raise ValueError(f"{name} must be symmetric")
    c = c.copy()
    np.fill_diagonal(c, False)
    return c


def sample_potts(h, J, n_sequences, *, n_sweeps=100, init=None, seed=0):
    r"""Sample sequences from a Potts model by Gibbs sampling, vectorised across sequences.

    Parameters
    ----------
    h : array_like, shape (L, q)
        Fields.
    J : array_like
        Couplings of shape (L, q, L, q), symmetric (``J[i, a, j, b] == J[j, b, i, a]``),
        zero diagonal blocks.
    n_sequences : int
        Number N of sequences (independent chains, one sequence from each).
    n_sweeps : int, default 100
        Sweeps over all sites (in order 0..L-1) each chain makes.
    init : array_like of int, shape (N, L), optional
        Starting sequences; default uniformly random. Starting many chains from a few
        ancestors and running few sweeps gives related, "phylogenetic" sequences.
    seed : int or numpy.random.Generator, default 0
        Random seed.

    Returns
    -------
    numpy.ndarray, shape (N, L)
        The final state (int64) of every chain.

    Notes
    -----
    The model is :math:`P(a) \propto \exp\big(\sum_i h_i(a_i) +
    \sum_{i<j} J_{ij}(a_i, a_j)\big)`. Site i of all N chains is updated at once
    from its conditional :math:`\mathrm{softmax}_a(h_i(a) + \sum_j J_{ij}(a, a_j))`,
    whose logits for all chains are one matrix product with the one-hot states.

    Examples
    --------
    >>> import numpy as np
    >>> from itlab.coevolution import sample_potts
    >>> s = sample_potts(np.zeros((3, 2)), np.zeros((3, 2, 3, 2)), 5, n_sweeps=2)
    >>> s.shape
    (5, 3)
    """
    h = np.asarray(h, dtype=float)
    jj = np.asarray(J, dtype=float)
    if h.ndim != 2:
        raise ValueError(f"h must be 2-D (sites x states), got shape {h.shape}")
    length, q = h.shape
    if jj.shape != (length, q, length, q):
        raise ValueError(f"J must have shape {(length, q, length, q)}, got {jj.shape}")
    if not (np.all(np.isfinite(h)) and np.all(np.isfinite(jj))):
        raise ValueError("h and J must be finite")
    n = check_positive_int(n_sequences, "n_sequences")
    n_sweeps = check_positive_int(n_sweeps, "n_sweeps", minimum=0)
    rng = as_generator(seed)
    if init is None:
        a = rng.integers(0, q, size=(n, length))
    else:
        a = np.array(init, dtype=np.int64)
        if a.shape != (n, length):
            raise ValueError(f"init must have shape {(n, length)}, got {a.shape}")
        if a.min() < 0 or a.max() >= q:
            raise ValueError(f"init states must lie in 0..{q - 1}")
    jm = jj.reshape(length * q, length * q)
    x = _one_hot(a, q)
    rows = np.arange(n)
    for _ in range(n_sweeps):
        for i in range(length):
            logits = x @ jm[:, i * q : (i + 1) * q] + h[i]
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            cdf = np.cumsum(p, axis=1)
            u = rng.random(n) * cdf[:, -1]
            new = np.minimum((cdf < u[:, None]).sum(axis=1), q - 1)
            x[rows, i * q + a[:, i]] = 0.0
            x[rows, i * q + new] = 1.0
            a[:, i] = new
    return a


# ----------------------------------------------------------------------------- evaluation


def contact_precision(scores, contacts, *, top=None, min_separation=5):
    r"""Fraction of true contacts among the ``top`` highest-scoring pairs.

    Parameters
    ----------
    scores : array_like, shape (L, L)
        Pair scores (higher means more likely in contact); only i < j is read.
    contacts : array_like of bool, shape (L, L)
        True contact map (symmetric).
    top : int or None, default None
        Number of predictions kept; ``None`` means L.
    min_separation : int, default 5
        Only pairs with :math:`|i - j| \ge` ``min_separation`` are ranked and
        counted (pairs close along the chain are trivially in contact).

    Returns
    -------
    float
        (true contacts among the top predictions) / ``top``.

    Raises
    ------
    ValueError
        If the shapes differ or are not square, ``scores`` is not finite, or fewer
        than ``top`` pairs are far enough apart.

    Notes
    -----
    Ties in score are broken by the pair order (i, then j), so the result is
    deterministic.

    Examples
    --------
    >>> import numpy as np
    >>> from itlab.coevolution import contact_precision
    >>> c = np.zeros((8, 8), bool); c[0, 7] = c[7, 0] = True
    >>> s = np.zeros((8, 8)); s[0, 7] = s[7, 0] = 1.0
    >>> contact_precision(s, c, top=2)
    0.5
    """
    s = np.asarray(scores, dtype=float)
    c = _check_contacts(contacts, "contacts")
    if s.ndim != 2 or s.shape != c.shape:
        raise ValueError(f"scores must have the shape of contacts {c.shape}, got {s.shape}")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores contains NaN or infinite entries")
    length = s.shape[0]
    sep = check_positive_int(min_separation, "min_separation")
    top = length if top is None else check_positive_int(top, "top")
    i, j = np.triu_indices(length, sep)
    if i.size < top:
        raise ValueError(f"top={top} exceeds the {i.size} pairs with |i - j| >= {sep}")
    order = np.argsort(-s[i, j], kind="stable")[:top]
    return float(c[i[order], j[order]].sum() / top)


del _i, _c
