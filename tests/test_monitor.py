"""Tests of itlab.monitor: the hooks record exactly the layers asked for and detach, activations
and gradient statistics agree with computations done here by hand (plain forward passes and
autograd), the projected estimator against a case with a known answer, CNNs, and bad input."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import itlab as it

torch.set_num_threads(1)


def mlp(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(4, 6),
        torch.nn.ReLU(),
        torch.nn.Linear(6, 5),
        torch.nn.Tanh(),
        torch.nn.Linear(5, 3),
    )


class SmallCNN(torch.nn.Module):
    """The CNN of the Fano chapter, with an in-place ReLU module to make the hooks' life hard."""

    def __init__(self, n_classes=10):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, padding=1)
        self.act = torch.nn.ReLU(inplace=True)
        self.head = torch.nn.Linear(16 * 4 * 4, n_classes)

    def forward(self, x):
        x = self.act(self.conv1(x[:, None]))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.head(x.flatten(1))


def all_hooks(model):
    n = 0
    for m in model.modules():
        n += len(m._forward_hooks) + len(m._backward_hooks) + len(m._forward_pre_hooks)
    for p in model.parameters():
        n += (
            len(p._post_accumulate_grad_hooks or {})
            if hasattr(p, "_post_accumulate_grad_hooks")
            else 0
        )
    return n


def test_capture_records_exactly_the_layers_asked_for_and_matches_a_forward_pass():
    net = mlp()
    x = torch.randn(7, 4)
    with it.LayerHooks(net, ["1", net[3]]) as hooks:
        acts = hooks.capture(x)
        assert hooks.layer_names == ["1", "3"]
    assert set(acts) == {"1", "3"}
    with torch.no_grad():
        h1 = net[1](net[0](x))
        h3 = net[3](net[2](h1))
    np.testing.assert_allclose(acts["1"], h1.numpy(), rtol=1e-6)
    np.testing.assert_allclose(acts["3"], h3.numpy(), rtol=1e-6)
    assert not hooks.active and all_hooks(net) == 0


def test_monitor_records_only_the_chosen_layers_and_detaches_all_hooks():
    net = mlp(1)
    x, y = torch.randn(120, 4), torch.randint(0, 3, (120,))
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    before = all_hooks(net)
    mon = it.InformationMonitor(net, ["0", "3"], x, y, steps=[0, 4], every=3)
    assert all_hooks(net) > before
    recorded = []
    for step in range(8):
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        opt.step()
        recorded.append(mon.step(step))
    assert recorded == [True, False, False, True, True, False, True, False]
    assert mon.steps.tolist() == [0, 3, 4, 6]
    for key, arr in mon.history.items():
        assert arr.shape == (4, 2), key
    assert mon.i_ty["ksg"].shape == (4, 2) and np.all(np.isnan(mon.i_xt["ksg"]))
    mon.remove()
    mon.remove()  # idempotent
    assert not mon.active and all_hooks(net) == before == 0
    # after removal the model runs without touching the monitor
    net(x).sum().backward()
    assert mon.steps.tolist() == [0, 3, 4, 6]
    with pytest.raises(RuntimeError, match="removed"):
        mon.record(9)
    assert "records=4" in repr(mon)


def test_activation_statistics_are_those_of_the_probe_activations():
    net = mlp(2)
    x, y = torch.randn(50, 4), torch.randint(0, 3, (50,))
    with it.InformationMonitor(net, ["1"], x, y, gradients=False) as mon:
        net.train()
        mon.record(0)
        assert net.training  # mode restored
    with torch.no_grad():
        h = net[1](net[0](x)).numpy()
    hist = mon.history
    assert math.isclose(hist["mean"][0, 0], h.mean(), rel_tol=1e-5)
    assert math.isclose(hist["std"][0, 0], h.std(), rel_tol=1e-5)
    assert math.isclose(hist["zero_fraction"][0, 0], np.mean(h == 0), rel_tol=1e-12)
    assert np.isnan(hist["grad_norm"][0, 0])  # ReLU has no parameters, and gradients are off


def test_gradient_statistics_match_per_batch_autograd_gradients():
    net = mlp(3)
    x, y = torch.randn(60, 4), torch.randint(0, 3, (60,))
    batches = [slice(0, 20), slice(20, 40), slice(40, 60)]
    # reference: per-batch gradients of layer "2" (weight and bias) without any hook
    ref_net = mlp(3)
    grads, out_norms = [], []
    for b in batches:
        ref_net.zero_grad()
        h = ref_net[1](ref_net[0](x[b]))
        z = ref_net[2](h)
        z.retain_grad()
        F.cross_entropy(ref_net[4](ref_net[3](z)), y[b]).backward()
        grads.append(
            torch.cat([ref_net[2].weight.grad.reshape(-1), ref_net[2].bias.grad]).double().numpy()
        )
        out_norms.append(float(z.grad.norm()))
    G = np.array(grads)
    mean, std = G.mean(axis=0), G.std(axis=0)
    with it.InformationMonitor(net, ["2"], x, y, steps=[]) as mon:
        for b in batches:
            net.zero_grad()
            F.cross_entropy(net(x[b]), y[b]).backward()
        mon.record(2)
    h = mon.history
    assert math.isclose(h["grad_norm"][0, 0], np.linalg.norm(mean), rel_tol=1e-5)
    assert math.isclose(h["grad_std"][0, 0], np.sqrt((std**2).sum()), rel_tol=1e-4)
    assert math.isclose(
        h["grad_snr"][0, 0], np.linalg.norm(mean) / np.sqrt((std**2).sum()), rel_tol=1e-4
    )
    assert math.isclose(h["output_grad_norm"][0, 0], np.mean(out_norms), rel_tol=1e-5)


def test_monitor_on_a_cnn_with_conv_layers_and_an_inplace_relu():
    torch.manual_seed(0)
    net = SmallCNN()
    x, y = torch.rand(80, 8, 8), torch.randint(0, 10, (80,))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    with it.InformationMonitor(net, ["conv1", "conv2", "act", "head"], x, y, every=2) as mon:
        for step in range(4):
            opt.zero_grad()
            F.cross_entropy(net(x), y).backward()
            opt.step()
            mon.step(step)
    assert mon.steps.tolist() == [0, 2]
    assert mon.history["grad_norm"].shape == (2, 4)
    assert np.isnan(mon.history["grad_norm"][:, 2]).all()  # the ReLU has no parameters
    assert np.isfinite(mon.history["grad_snr"][1, [0, 1, 3]]).all()  # two batches in the window
    assert np.isnan(mon.history["grad_snr"][0]).all()  # one batch: no spread yet
    assert set(mon.postfix()) == {"I(conv1;Y)", "I(conv2;Y)", "I(act;Y)", "I(head;Y)"}
    fig = mon.plot()
    assert len(fig.axes) == 4
    import itlab.plot as ip

    ip.close(fig)
    assert all_hooks(net) == 0


def test_capture_is_the_layer_output_even_when_an_inplace_op_follows():
    """conv1 is followed by ReLU(inplace=True), which overwrites conv1's output tensor: the
    record must still be conv1's output (with its negative values), computed here by hand."""
    torch.manual_seed(1)
    net = SmallCNN()
    x = torch.rand(20, 8, 8)
    with it.LayerHooks(net, ["conv1", "act"]) as hooks:
        acts = hooks.capture(x)
    with torch.no_grad():
        pre = net.conv1(x[:, None]).reshape(20, -1).numpy()
    assert (pre < 0).any()  # otherwise the test would not see the difference
    np.testing.assert_allclose(acts["conv1"], pre, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(acts["act"], np.maximum(pre, 0), rtol=1e-6, atol=1e-7)


def test_projected_estimator_recovers_a_known_label_information():
    """One coordinate is a noisy copy of a balanced binary label, far larger than the other units:
    the first principal component carries the label, and I(T;Y) -> H(Y) = 1 bit as noise -> 0;
    with the label independent of T it is near 0."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 3000)
    t = np.c_[5 * y + 0.05 * rng.normal(size=3000), rng.normal(size=(3000, 8))]
    _, i_ty = it.ProjectedEstimator(n_components=1)(t, y)
    assert abs(i_ty - 1.0) < 0.05
    _, i_ind = it.ProjectedEstimator(n_components=3)(t, rng.integers(0, 2, 3000))
    assert abs(i_ind) < 0.05
    # binning of the projection, a deterministic coarse-graining:
    # I(T;Y) <= H(Y) and I(X;T) = H(T_binned)
    i_xt, i_ty_b = it.ProjectedEstimator(n_components=1, method="binning")(t, y)
    assert 0.9 < i_ty_b <= 1.0 + 1e-12 and i_xt >= i_ty_b
    # the projection agrees with an SVD done here
    z = it.ProjectedEstimator(n_components=2).project(t)
    c = t - t.mean(axis=0)
    w = np.linalg.eigh(c.T @ c)[1][:, ::-1][:, :2]
    np.testing.assert_allclose(np.abs(z), np.abs(c @ w), rtol=1e-6, atol=1e-8)
    # a constant layer carries nothing
    assert it.ProjectedEstimator()(np.zeros((50, 3)), rng.integers(0, 2, 50))[1] == 0.0


def test_several_estimators_and_a_plain_callable():
    net = mlp(4)
    x, y = torch.randn(100, 4), torch.randint(0, 3, (100,))
    ests = {
        "ksg": "ksg",
        "bins": it.ProjectedEstimator(2, "binning"),
        "raw": it.BinningEstimator(value_range=None),
    }
    with it.InformationMonitor(net, ["3"], x, y, estimators=ests, gradients=False) as mon:
        mon.record(0)
    assert set(mon.i_ty) == {"ksg", "bins", "raw"}
    # the raw binning estimator's value, recomputed directly on the captured layer
    with torch.no_grad():
        t = net[3](net[2](net[1](net[0](x)))).numpy()
    expected = it.binning_information(t, y.numpy(), value_range=None)
    assert mon.i_xt["raw"][0, 0] == pytest.approx(expected[0]) and mon.i_ty["raw"][
        0, 0
    ] == pytest.approx(expected[1])


def test_bad_input_raises_errors_that_name_the_argument():
    net = mlp()
    x, y = torch.randn(10, 4), torch.randint(0, 3, (10,))
    with pytest.raises(TypeError, match="model"):
        it.InformationMonitor("net", ["0"], x, y)
    with pytest.raises(ValueError, match="layers"):
        it.InformationMonitor(net, ["nope"], x, y)
    with pytest.raises(ValueError, match="layers"):
        it.InformationMonitor(net, [], x, y)
    with pytest.raises(ValueError, match="layers"):
        it.InformationMonitor(net, ["0", "0"], x, y)
    with pytest.raises(ValueError, match="layers"):
        it.InformationMonitor(net, [torch.nn.Linear(2, 2)], x, y)
    with pytest.raises(ValueError, match="labels"):
        it.InformationMonitor(net, ["0"], x, y[:5])
    with pytest.raises(ValueError, match="inputs"):
        it.InformationMonitor(net, ["0"], x[:0], y[:0])
    with pytest.raises(ValueError, match="estimators"):
        it.InformationMonitor(net, ["0"], x, y, estimators="histogram")
    with pytest.raises(ValueError, match="every"):
        it.InformationMonitor(net, ["0"], x, y, every=0)
    with pytest.raises(ValueError, match="method"):
        it.ProjectedEstimator(method="pca")
    with pytest.raises(ValueError, match="n_components"):
        it.ProjectedEstimator(n_components=0)
    assert all_hooks(net) == 0  # failed constructions leave no hooks behind
    with pytest.raises(RuntimeError, match="nothing recorded"):
        with it.InformationMonitor(net, ["0"], x, y) as mon:
            mon.plot()
    assert all_hooks(net) == 0
