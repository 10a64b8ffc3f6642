"""How well can the held-out digits of `rnn caption` be read at all? (numpy only)

Trains two digit classifiers on the first 1,500 images of docs/data/digits/digits.csv
and scores them on the last 297 (the held-out handwriting of `rnn caption`):
a logistic regression on the 64 pixels, and a network with one hidden layer of 128 tanh
units (the kind of feature an RNN cell's first step computes). Full-batch gradient
descent, learning rate 0.5, 300-500 steps. Prints each one's accuracy per digit and the
exact-caption rate a perfect reader of numbers would reach with it, for pictures of 1, 2
and 3 digits equally often: (a + a^2 + a^3) / 3.

    python3 docs/benchmarks/digits_baselines.py
"""
import numpy as np

data = np.loadtxt("docs/data/digits/digits.csv", delimiter=",")
x, y = data[:, :64] / 16, data[:, 64].astype(int)
x_train, y_train, x_test, y_test = x[:1500], y[:1500], x[1500:], y[1500:]
one_hot = np.eye(10)[y_train]


def softmax(z):
    z = z - z.max(1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(1, keepdims=True)


def report(name, accuracy):
    mix = (accuracy + accuracy**2 + accuracy**3) / 3
    print(f"{name}: {accuracy:.3f} of held-out digits; exact captions at best {mix:.3f}")


w, b = np.zeros((64, 10)), np.zeros(10)
for _ in range(500):
    g = (softmax(x_train @ w + b) - one_hot) / len(x_train)
    w -= 0.5 * (x_train.T @ g + 1e-3 * w)
    b -= 0.5 * g.sum(0)
report("logistic regression", ((x_test @ w + b).argmax(1) == y_test).mean())

rng = np.random.default_rng(0)
w1, b1 = rng.normal(0, 0.1, (64, 128)), np.zeros(128)
w2, b2 = rng.normal(0, 0.1, (128, 10)), np.zeros(10)
for _ in range(300):
    h = np.tanh(x_train @ w1 + b1)
    g = (softmax(h @ w2 + b2) - one_hot) / len(x_train)
    dh = g @ w2.T * (1 - h * h)
    w2 -= 0.5 * (h.T @ g + 1e-3 * w2)
    b2 -= 0.5 * g.sum(0)
    w1 -= 0.5 * (x_train.T @ dh + 1e-3 * w1)
    b1 -= 0.5 * dh.sum(0)
report("128 tanh units", ((np.tanh(x_test @ w1 + b1) @ w2 + b2).argmax(1) == y_test).mean())
