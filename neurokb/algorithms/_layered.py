"""Layered networks trained from feedback: the forward pass and the deltas each rule sends down.

Shared by ``feedback_alignment``, ``fa_pseudobackprop``, ``weight_mirror``, ``kolen_pollack``
and ``predictive_coding`` (which checks its equilibrium against these backprop gradients), so
that each of them reads alone and none imports another algorithm.  Convention: rows are
samples, ``a_l = h_{l-1} W_l^T``, ``h_l = f(a_l)`` for hidden layers, a linear output layer,
loss ``L = mean_batch 1/2 ||y - y*||^2``.  A feedback matrix has the shape of ``W_l^T``;
``None`` means ``W_l^T`` itself (exact backprop).  The tests check :func:`gradients` against
finite differences.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# name -> (f, f' written as a function of h = f(a))
NONLINEARITIES = {
    "linear": (lambda a: a, np.ones_like),
    "tanh": (np.tanh, lambda h: 1.0 - h**2),
}


def forward(Ws: Sequence[np.ndarray], X: np.ndarray, nonlinearity: str) -> list[np.ndarray]:
    """Activities ``[X, h_1, ..., y]`` of the layered network; ``W_l`` is (n_l, n_{l-1})."""
    f, _ = NONLINEARITIES[nonlinearity]
    hs = [X]
    for k, W in enumerate(Ws):
        assert W.shape[1] == hs[-1].shape[1], f"layer {k + 1}: W has {W.shape[1]} inputs"
        a = hs[-1] @ W.T  # (batch, n_l)
        hs.append(a if k == len(Ws) - 1 else f(a))  # linear output layer
    return hs


def gradients(
    Ws: Sequence[np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    nonlinearity: str,
    feedback: Sequence[np.ndarray | None] | None = None,
) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
    """Loss, gradients ``dL/dW_k`` and deltas ``dL/da_k`` of each weight layer k = 0..L-1.

    ``feedback[k]`` replaces ``W_k^T`` when sending deltas from layer k down to layer k - 1
    (``None``, or no ``feedback`` at all, is exact backprop).  With random fixed matrices this
    is feedback alignment; the result is then not the gradient, only its stand-in.
    """
    _, fprime = NONLINEARITIES[nonlinearity]
    L_layers = len(Ws)
    feedback = feedback if feedback is not None else [None] * L_layers
    hs = forward(Ws, X, nonlinearity)
    batch = X.shape[0]
    e = hs[-1] - Y  # (batch, n_out), = -(y* - y) of the paper
    loss = 0.5 * float(np.sum(e**2)) / batch
    deltas = [np.empty(0)] * L_layers
    deltas[-1] = e / batch
    for k in range(L_layers - 1, 0, -1):  # send the delta of weight layer k down one layer
        M = Ws[k].T if feedback[k] is None else feedback[k]  # (n_{k-1}, n_k)
        assert M.shape == Ws[k].T.shape, f"feedback {k} must have shape {Ws[k].T.shape}"
        deltas[k - 1] = (deltas[k] @ M.T) * fprime(hs[k])  # hs[k] = f(a) of layer k - 1
    grads = [deltas[k].T @ hs[k] for k in range(L_layers)]  # (n_k, n_{k-1}) each
    return loss, grads, deltas


def angle_deg(u: np.ndarray, v: np.ndarray) -> float:
    """Angle in degrees between two arrays seen as flat vectors."""
    u, v = np.ravel(u), np.ravel(v)
    cos = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
