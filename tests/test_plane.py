"""Tests of itlab.plane (recorder, network, trainer, float64 analysis, plotting) and of the
layer estimators (itlab.estimators) and generalization bounds (itlab.bounds) it uses: the
estimators against independent computations and known answers, the recorder's hooks, the
hand-written trainer against autograd. The 12-bit task is tested in test_tasks.py."""

import copy
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import trapezoid
from scipy.special import logsumexp

import itlab as it
from itlab.plane import _FastTrainer, _Float64Shadow


def h_bits_of_rows(rows):
    """Plug-in entropy (bits) of the rows of an integer array, each row one outcome."""
    _, counts = np.unique(rows, axis=0, return_counts=True)
    p = counts / counts.sum()
    return float(-(p * np.log2(p)).sum())


# ---------------------------------------------------------------- snapshot epochs


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 20000), st.integers(2, 400))
def test_snapshot_epochs(epochs, n):
    e = it.snapshot_epochs(epochs, n)
    assert e[0] == 0 and e[-1] == epochs
    assert np.all(np.diff(e) > 0)
    assert e.size == min(n, epochs + 1)


# ---------------------------------------------------------------- binning


def independent_binning(t, y, bins, lo, hi):
    edges = np.linspace(lo, hi, bins + 1)
    cells = np.clip(np.digitize(t, edges[1:-1]), 0, bins - 1)  # np.digitize: independent of floor()
    h_t = h_bits_of_rows(cells)
    h_ty = h_bits_of_rows(np.column_stack([cells, y]))
    h_y = h_bits_of_rows(y[:, None])
    return h_t, h_t + h_y - h_ty


@pytest.mark.parametrize(
    "d", [1, 3, 20]
)  # d = 20 with 30 bins overflows int64 codes: np.unique path
def test_binning_equals_entropy_of_binned_layer(d):
    rng = np.random.default_rng(d)
    n = 500
    t = np.tanh(rng.normal(size=(n, d)) * 0.7)
    y = rng.integers(0, 3, n)
    i_xt, i_ty = it.binning_information(t, y, bins=30)
    ref_xt, ref_ty = independent_binning(t, y, 30, -1.0, 1.0)
    assert i_xt == pytest.approx(ref_xt, abs=1e-10)
    assert i_ty == pytest.approx(ref_ty, abs=1e-10)
    # with the inputs as distinct equally likely patterns, I(X;T) from the joint pmf is H(T)
    x_ids = np.arange(n)
    cells = np.clip(np.digitize(t, np.linspace(-1, 1, 31)[1:-1]), 0, 29)
    _, t_ids = np.unique(cells, axis=0, return_inverse=True)
    assert i_xt == pytest.approx(
        it.mutual_information(it.joint_pmf(x_ids, t_ids.ravel())), abs=1e-10
    )
    assert i_ty <= it.entropy(np.bincount(y) / n) + 1e-12
    assert i_xt <= math.log2(n) + 1e-12


def test_binning_limits_range_and_units():
    rng = np.random.default_rng(0)
    t = rng.uniform(-1, 1, (256, 2))
    y = rng.integers(0, 2, 256)
    # one bin: nothing is told apart
    assert it.binning_information(t, y, bins=1) == (0.0, 0.0)
    # very fine bins on distinct points: I(X;T) = log2 n
    assert it.binning_information(t, y, bins=10**6)[0] == pytest.approx(8.0)
    # out-of-range values fall into the edge bins
    assert it.binning_information(np.array([[-5.0], [-1.0], [3.0]]), [0, 0, 1], bins=2)[
        0
    ] == pytest.approx(h_bits_of_rows(np.array([[0], [0], [1]])))
    # the adaptive range is invariant under positive affine maps of the layer
    a = it.binning_information(t, y, value_range=None)
    b = it.binning_information(3.0 * t + 7.0, y, value_range=None)
    assert a == pytest.approx(b, abs=1e-12)
    ref = independent_binning(t, y, 30, t.min(), t.max())
    assert a == pytest.approx(ref, abs=1e-10)
    nats = it.binning_information(t, y, base=math.e)
    assert nats[0] == pytest.approx(it.binning_information(t, y)[0] * math.log(2))
    # a constant layer carries nothing
    assert it.binning_information(np.ones((10, 3)), np.arange(10) % 2, value_range=None) == (
        0.0,
        0.0,
    )


# ---------------------------------------------------------------- KDE


def naive_kde(t, y, s2):
    """O(n^2) Kolchinsky-Tracey estimate in bits, straight from the formula."""
    t = np.asarray(t, float).reshape(len(t), -1)
    n = len(t)
    d2 = ((t[:, None, :] - t[None, :, :]) ** 2).sum(-1)
    logk = -d2 / (2 * s2)
    i_xt = -np.mean(logsumexp(logk, axis=1) - np.log(n))
    own = np.empty(n)
    for c in np.unique(y):
        m = y == c
        own[m] = logsumexp(logk[np.ix_(m, m)], axis=1) - np.log(m.sum())
    i_ty = np.mean(own) - np.mean(logsumexp(logk, axis=1) - np.log(n))
    return i_xt / np.log(2), i_ty / np.log(2)


@pytest.mark.parametrize("s2", [1e-3, 0.05, 1.0])
@pytest.mark.parametrize("chunk", [7, 256])
def test_kde_matches_the_naive_formula(s2, chunk):
    rng = np.random.default_rng(1)
    centres = rng.uniform(-1, 1, (5, 3))
    t = centres[rng.integers(0, 5, 300)] + 0.05 * rng.normal(
        size=(300, 3)
    )  # clustered, like a trained layer
    y = rng.integers(0, 2, 300)
    got = it.kde_information(t, y, noise_variance=s2, chunk_size=chunk)
    ref = naive_kde(t, y, s2)
    assert got[0] == pytest.approx(ref[0], abs=1e-9)
    assert got[1] == pytest.approx(ref[1], abs=1e-9)


def true_mi_discrete_plus_noise(points, s2):
    """I(X; X + N(0, s2)) in bits for X uniform on 1-D ``points``, by quadrature on a fine grid."""
    s = math.sqrt(s2)
    grid = np.linspace(points.min() - 12 * s, points.max() + 12 * s, 400001)
    dens = np.exp(-((grid[:, None] - points[None, :]) ** 2) / (2 * s2)).mean(1) / math.sqrt(
        2 * math.pi * s2
    )
    integrand = np.where(dens > 0, -dens * np.log(np.where(dens > 0, dens, 1.0)), 0.0)
    h = trapezoid(integrand, grid)
    return (h - 0.5 * math.log(2 * math.pi * math.e * s2)) / math.log(2)


@pytest.mark.parametrize("s2", [1e-6, 1e-4, 1e-3, 1e-2, 0.1, 1.0])
def test_kde_is_an_upper_bound_on_the_true_information(s2):
    points = np.array([-0.9, -0.55, -0.5, 0.1, 0.12, 0.7, 0.95, 1.3])
    truth = true_mi_discrete_plus_noise(points, s2)
    bound, _ = it.kde_information(points[:, None], np.arange(8) % 2, noise_variance=s2)
    assert bound >= truth - 1e-6
    assert 0 <= truth <= 3.0 + 1e-9
    # the pairwise bound is tight when the components barely overlap (closest points 20 sigma apart)
    if s2 <= 1e-6:
        assert bound == pytest.approx(truth, abs=1e-6)


def test_kde_limits_and_label_bound():
    rng = np.random.default_rng(2)
    t = rng.normal(size=(512, 4))
    y = rng.integers(0, 2, 512)
    far = it.kde_information(t, y, noise_variance=1e-6)
    assert far[0] == pytest.approx(9.0, abs=1e-9)  # distinct points, tiny noise: log2 n
    h_y = it.entropy(np.bincount(y) / 512)
    assert far[1] == pytest.approx(h_y, abs=1e-9)
    blur = it.kde_information(t, y, noise_variance=1e6)
    assert blur[0] == pytest.approx(0.0, abs=1e-4) and abs(blur[1]) < 1e-4
    mid = it.kde_information(t, y, noise_variance=0.1)
    assert mid[1] <= h_y + 1e-12


# ---------------------------------------------------------------- the recorder


def tiny_model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))


def test_recorder_hooks_capture_the_right_layers_at_the_right_epochs():
    model = tiny_model()
    model.train()
    x = torch.randn(8, 3)
    y = np.arange(8) % 2
    seen = []

    def spy(t, labels):
        seen.append((t.shape, labels.shape))
        return 0.0, 0.0

    with it.InformationPlane(
        model,
        ["1", model[2]],
        x,
        y,
        estimators={"spy": spy, "binning": "binning"},
        epochs=[0, 2, 5],
        keep_activations=True,
    ) as plane:
        assert plane.active
        for epoch in range(7):
            model(x)  # training-time passes are not captured
            plane.record(epoch)
        assert model[1]._forward_hooks and model[2]._forward_hooks
    assert not plane.active
    assert model[1]._forward_hooks == {} and model[2]._forward_hooks == {}
    assert model.training  # mode restored after the eval-mode snapshots
    np.testing.assert_array_equal(plane.epochs, [0, 2, 5])
    assert plane.layer_names == ["1", "2"]
    assert [s[0] for s in seen[:2]] == [(8, 4), (8, 2)] and len(seen) == 6
    acts = plane.activations[1]
    with torch.no_grad():
        np.testing.assert_allclose(acts["1"], torch.tanh(model[0](x)).numpy(), rtol=1e-6)
        np.testing.assert_allclose(acts["2"], model(x).numpy(), rtol=1e-6)
    assert plane.i_xt["binning"].shape == (3, 2) and plane.i_ty["spy"].shape == (3, 2)
    ref = it.binning_information(acts["1"], y)
    assert plane.i_xt["binning"][1, 0] == pytest.approx(ref[0])
    re_xt, re_ty = plane.recompute(it.BinningEstimator(bins=5))
    assert re_xt[1, 0] == pytest.approx(it.binning_information(acts["1"], y, bins=5)[0])
    with pytest.raises(RuntimeError, match="removed"):
        plane.record(0, force=True)


def test_recorder_bad_input():
    model = tiny_model()
    x, y = torch.randn(8, 3), np.zeros(8)
    with pytest.raises(ValueError, match="layers"):
        it.InformationPlane(model, ["nope"], x, y)
    with pytest.raises(ValueError, match="layers"):
        it.InformationPlane(model, [torch.nn.Tanh()], x, y)
    with pytest.raises(ValueError, match="labels"):
        it.InformationPlane(model, ["1"], x, y[:5])
    with pytest.raises(ValueError, match="estimator"):
        it.InformationPlane(model, ["1"], x, y, estimators="histogram")
    with pytest.raises(TypeError, match="model"):
        it.InformationPlane(lambda v: v, ["1"], x, y)
    with pytest.raises(RuntimeError, match="keep_activations"):
        it.InformationPlane(model, ["1"], x, y).recompute("binning")


# ---------------------------------------------------------------- network and training


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_fast_trainer_matches_autograd_and_torch_adam(activation):
    net = it.PlaneNetwork(activation=activation, seed=3)
    ref = copy.deepcopy(net)
    opt = torch.optim.Adam(ref.parameters(), lr=1e-2, foreach=False)
    trainer = _FastTrainer(net, lr=1e-2)
    x, y = it.twelve_bit_task()
    x, y = torch.as_tensor(x), torch.as_tensor(y)
    gen = torch.Generator().manual_seed(0)
    for _ in range(6):
        idx = torch.randperm(4096, generator=gen)[:64]
        loss = torch.nn.functional.cross_entropy(ref.logits(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        with torch.no_grad():
            trainer.gradient(x[idx], torch.nn.functional.one_hot(y[idx], 2).float())
        grads = torch.cat([p.grad.reshape(-1) for p in ref.parameters()])
        torch.testing.assert_close(trainer.grad, grads, rtol=1e-5, atol=1e-7)
        opt.step()
        with torch.no_grad():
            trainer.adam_step()
    for p, q in zip(net.parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)


def test_network_shape_and_probabilities():
    net = it.PlaneNetwork(activation="relu")
    assert [m.out_features for m in net.linears] == [10, 7, 5, 4, 3, 2]
    out = net(torch.zeros(3, 12))
    torch.testing.assert_close(out.sum(1), torch.ones(3))
    assert isinstance(net.act1, torch.nn.ReLU)


def test_train_twelve_bit_short_run(tmp_path):
    kw = dict(epochs=30, n_snapshots=4, train_fraction=0.5, seed=4)
    run = it.train_twelve_bit("tanh", estimators=("binning", "kde"), **kw)
    again = it.train_twelve_bit("tanh", **kw)  # binning only: same training, same numbers
    assert run.layers == ["act1", "act2", "act3", "act4", "act5", "softmax"]
    np.testing.assert_array_equal(run.epochs, it.snapshot_epochs(30, 4))
    np.testing.assert_array_equal(run.i_xt["binning"], again.i_xt["binning"])
    np.testing.assert_array_equal(run.grad_std, again.grad_std)
    for name in ("binning", "kde"):
        assert run.i_xt[name].shape == (4, 6)
        assert np.all(run.i_xt[name] >= 0) and np.all(run.i_xt[name] <= 12 + 1e-9)
        assert np.all(run.i_ty[name] <= 1.0 + 1e-9)
    assert run.config["n_train"] == 2048
    assert (
        np.all(np.isnan(run.grad_mean[0]))
        and np.all(run.grad_mean[1:] > 0)
        and np.all(run.grad_std[1:] > 0)
    )
    assert np.all((run.train_accuracy >= 0) & (run.train_accuracy <= 1))
    # the first layer is almost injective on the 4096 patterns at initialisation
    assert run.i_xt["binning"][0, 0] > 11.5
    path = run.save(tmp_path / "run.npz")
    back = it.PlaneRun.load(path)
    np.testing.assert_array_equal(back.i_ty["kde"], run.i_ty["kde"])
    np.testing.assert_array_equal(back.grad_std, run.grad_std)
    assert back.config == run.config


def test_training_bad_input():
    with pytest.raises(ValueError, match="activation"):
        it.train_twelve_bit("sigmoid", epochs=2)
    with pytest.raises(ValueError, match="train_fraction"):
        it.train_twelve_bit(epochs=2, train_fraction=1.5)
    with pytest.raises(ValueError, match="epochs"):
        it.train_twelve_bit(epochs=0)
    with pytest.raises(ValueError, match="n_snapshots"):
        it.train_twelve_bit(epochs=5, n_snapshots=1)
    with pytest.raises(ValueError, match="estimator"):
        it.train_twelve_bit(epochs=2, estimators="mine")
    with pytest.raises(ValueError, match="activation"):
        it.PlaneNetwork(activation="gelu")
    with pytest.raises(ValueError, match="widths"):
        it.PlaneNetwork(widths=(12, 2))


def test_estimator_bad_input():
    t, y = np.zeros((4, 2)), [0, 1, 0, 1]
    with pytest.raises(ValueError, match="bins"):
        it.binning_information(t, y, bins=0)
    with pytest.raises(ValueError, match="value_range"):
        it.binning_information(t, y, value_range=(1.0, -1.0))
    with pytest.raises(TypeError, match="value_range"):
        it.binning_information(t, y, value_range=3)
    with pytest.raises(ValueError, match="t "):
        it.binning_information([[np.nan, 0.0]], [0])
    with pytest.raises(ValueError, match="y"):
        it.binning_information(t, [0, 1])
    with pytest.raises(ValueError, match="noise_variance"):
        it.kde_information(t, y, noise_variance=0.0)
    with pytest.raises(ValueError, match="chunk_size"):
        it.kde_information(t, y, chunk_size=0)
    with pytest.raises(ValueError, match="base"):
        it.kde_information(t, y, base=1)
    with pytest.raises(ValueError, match="noise_variance"):
        it.KDEEstimator(noise_variance=-1)
    with pytest.raises(ValueError, match="epochs"):
        it.snapshot_epochs(0, 5)


# ---------------------------------------------------------------- bounds and plot


def test_generalization_bounds():
    m, delta = 3482, 0.05
    eps = it.classic_generalization_bound(294, m, delta)
    assert eps == pytest.approx(math.sqrt((32 * 294 * math.log(2) + math.log(1 / delta)) / (2 * m)))
    assert it.classic_generalization_bound(294, m, delta, bits_per_param=1) < eps
    assert it.vc_generalization_bound(294, m, delta) == pytest.approx(
        math.sqrt((294 * (math.log(2 * m / 294) + 1) + math.log(4 / delta)) / m)
    )
    for i_xt in (0.0, 2.5, 12.0):
        assert it.input_compression_bound(i_xt, m, delta) == pytest.approx(
            math.sqrt((2**i_xt * math.log(2) + math.log(1 / delta)) / (2 * m))
        )
    assert it.input_compression_bound(2.0 * math.log(2), m, base=math.e) == pytest.approx(
        it.input_compression_bound(2.0, m)
    )
    arr = it.input_compression_bound(np.array([1.0, 5.0, 9.0]), m)
    assert np.all(np.diff(arr) > 0)
    assert it.input_compression_bound(3.0, 10 * m) < it.input_compression_bound(3.0, m)
    assert it.classic_generalization_bound(294, 100) > 1  # vacuous with a hundred examples
    with pytest.raises(ValueError, match="delta"):
        it.input_compression_bound(1.0, m, delta=1.5)
    with pytest.raises(ValueError, match="m"):
        it.classic_generalization_bound(10, 0)
    with pytest.raises(ValueError, match="i_xt"):
        it.input_compression_bound(-1.0, m)
    with pytest.raises(ValueError, match="bits_per_param"):
        it.classic_generalization_bound(10, m, bits_per_param=0)
    with pytest.raises(ValueError, match="vc_dim"):
        it.vc_generalization_bound(-3, m)


def test_plot_information_plane():
    import itlab.plot as ip

    fig, ax = ip.figure()
    sc = it.plot_information_plane(
        ax, np.random.rand(5, 3), np.random.rand(5, 3), [0, 1, 10, 100, 1000]
    )
    assert sc.get_array().shape == (5,)
    assert ax.get_ylabel() == "I(T;Y) [bits]"
    assert len(fig.axes) == 2  # the colour bar
    with pytest.raises(ValueError, match="epochs"):
        it.plot_information_plane(ax, np.ones((5, 3)), np.ones((5, 3)), [0, 1])
    with pytest.raises(ValueError, match="i_ty"):
        it.plot_information_plane(ax, np.ones((5, 3)), np.ones((5, 2)), range(5))
    ip.close(fig)


# ---------------------------------------------------------------- second round: paper settings


def test_fixed_width_binning_is_floor_of_t_over_width():
    rng = np.random.default_rng(5)
    t = np.abs(rng.normal(size=(500, 3))) * 2.0  # ReLU-like, unbounded
    y = rng.integers(0, 2, 500)
    w = 0.07
    cells = np.floor(t / w).astype(int)
    h_t = h_bits_of_rows(cells)
    h_ty = h_bits_of_rows(np.column_stack([cells, y]))
    h_y = h_bits_of_rows(y[:, None])
    i_xt, i_ty = it.binning_information(t, y, bin_width=w)
    assert i_xt == pytest.approx(h_t, abs=1e-12)
    assert i_ty == pytest.approx(h_t + h_y - h_ty, abs=1e-12)
    # a shift by a whole number of bins changes nothing
    assert it.binning_information(t + 5 * w, y, bin_width=w)[0] == pytest.approx(i_xt, abs=1e-9)
    with pytest.raises(ValueError, match="bin_width"):
        it.binning_information(t, y, bin_width=0.0)


def test_softmax_is_binned_the_same_way_in_every_row():
    kw = dict(epochs=20, n_snapshots=3, seed=1)
    x, y = it.twelve_bit_task()
    fixed = it.BinningEstimator(30, (-1, 1))
    for activation in ("tanh", "relu"):
        run = it.train_twelve_bit(activation, estimators=("binning", "adaptive"), **kw)
        with torch.no_grad():
            out = run.network(torch.as_tensor(x)).numpy()
        i_xt, i_ty = fixed(out, y)
        for name in ("binning", "adaptive"):
            assert run.i_xt[name][-1, -1] == pytest.approx(i_xt, abs=1e-12)
            assert run.i_ty[name][-1, -1] == pytest.approx(i_ty, abs=1e-12)
    # ReLU hidden layers: fixed width 0.07 (Saxe et al.), independent of the range
    run = it.train_twelve_bit("relu", estimators="binning", **kw)
    with torch.no_grad():
        h1 = run.network.act1(run.network.linear1(torch.as_tensor(x))).numpy()
    assert run.i_xt["binning"][-1, 0] == pytest.approx(
        h_bits_of_rows(np.floor(h1 / 0.07)), abs=1e-9
    )


def test_saxe_initialisation_scales():
    net = it.PlaneNetwork(seed=2)
    lins = net.linears
    for lin in lins[:-1]:  # truncated normal, std 1/sqrt(fan-out), cut at 2 std
        bound = 2.0 / math.sqrt(lin.out_features)
        assert float(lin.weight.detach().abs().max()) <= bound + 1e-7
        assert torch.all(lin.bias == 0)
    last = lins[-1]  # Glorot uniform
    assert (
        float(last.weight.detach().abs().max())
        <= math.sqrt(6.0 / (last.in_features + last.out_features)) + 1e-7
    )
    # pooled over seeds the first layer's std is 0.8796 / sqrt(10) (truncation at 2 std)
    w = torch.cat([it.PlaneNetwork(seed=s).linear1.weight.detach().reshape(-1) for s in range(40)])
    assert float(w.std()) == pytest.approx(0.8796 / math.sqrt(10), rel=0.05)
    old = it.PlaneNetwork(seed=2, init="fan_in")
    assert float(old.linear2.weight.detach().abs().max()) <= 2.0 / math.sqrt(10) + 1e-7
    with pytest.raises(ValueError, match="init"):
        it.PlaneNetwork(init="he")


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_float64_analysis_gradient_matches_autograd_late_in_training(activation):
    # Large output weights make the network confident: the float32 loss rounds to 0,
    # the float64 one does not, and the analysis must see the float64 gradient.
    net = it.PlaneNetwork(activation=activation, seed=0)
    x, y = it.twelve_bit_task()
    with torch.no_grad():
        logits = net.logits(torch.as_tensor(x))
        net.linear6.weight.mul_(60.0 / float(logits.abs().max()))
        # labels that the network gets right with a large margin
        y = net.logits(torch.as_tensor(x)).argmax(1).numpy()
    ref = copy.deepcopy(net).double()
    trainer = _FastTrainer(net, lr=1e-3)
    shadow = _Float64Shadow(trainer)
    idx = torch.arange(0, 4096, 16)
    xb, yb = torch.as_tensor(x)[idx], torch.as_tensor(y)[idx]
    loss32 = torch.nn.functional.cross_entropy(net.logits(xb), yb)
    loss = torch.nn.functional.cross_entropy(ref.logits(xb.double()), yb)
    loss.backward()
    assert float(loss.detach()) > 0
    expected = torch.cat([p.grad.reshape(-1) for p in ref.parameters()])
    with torch.no_grad():
        shadow.sync()
        got = shadow.gradient(xb.double(), torch.nn.functional.one_hot(yb, 2).double())
        # autograd forms 1 - p_y by subtraction and loses ~eps / (1 - p_y) relative
        # accuracy on the smallest entries; the analysis gradient must not lose more.
        torch.testing.assert_close(
            got, expected, rtol=1e-9, atol=1e-8 * float(expected.abs().max())
        )
        assert float(loss32) < 10 * float(loss.detach()) + 1e-6  # float32 has lost most of it
        assert float(shadow.logits(xb.double()).double().abs().max()) > 20


def test_plane_band_is_median_and_range_over_seeds():
    runs = [it.train_twelve_bit("tanh", epochs=6, n_snapshots=3, seed=s) for s in range(3)]
    stack = np.stack([r.i_ty["binning"] for r in runs])
    med, lo, hi = it.plane_band(runs, "i_ty")
    np.testing.assert_array_equal(med, np.median(stack, 0))
    np.testing.assert_array_equal(lo, stack.min(0))
    np.testing.assert_array_equal(hi, stack.max(0))
    snr = np.stack([r.grad_mean / r.grad_std for r in runs])
    np.testing.assert_allclose(it.plane_band(runs, "snr")[0][1:], np.median(snr, 0)[1:])
    with pytest.raises(ValueError, match="runs"):
        it.plane_band([])
    with pytest.raises(ValueError, match="band"):
        it.plane_band(runs, band=(0.9, 0.1))
