"""The exercise's published numpy script, transcribed line for line as a test witness.

The exercise: HBU_DAVID, "神经网络与深度学习(邱锡鹏)编程练习4 FNN 反向传播 梯度下降 numpy" (a
programming exercise for Qiu Xipeng's textbook, posted on the blog site 博客园, cnblogs), whose script
"自定义反向传播 back_propagate()" is transcribed here.

Only what is needed to run it as a function was changed: the module-level globals became
a closure's variables (their starting values an argument), and the prints were dropped.  The formulas,
their order and the loop are the exercise's own, flaw included.
"""

import numpy as np

EXERCISE = ((0.2, -0.4, 0.5, 0.6, 0.1, -0.5, -0.3, 0.8), (0.5, 0.3), (0.23, -0.07))


def run_exercise(epochs=10, step=1, start=EXERCISE):
    """The exercise's loop from `start` = (w1...w8, (x1, x2), (y1, y2)), its own numbers unless another
    student's are given: (losses, gradients, outputs) of each epoch."""
    (w1, w2, w3, w4, w5, w6, w7, w8), (x1, x2), (y1, y2) = start

    def sigmoid(z):
        a = 1 / (1 + np.exp(-z))
        return a

    def forward_propagate(x1, x2):
        in_h1 = w1 * x1 + w3 * x2
        out_h1 = sigmoid(in_h1)
        in_h2 = w2 * x1 + w4 * x2
        out_h2 = sigmoid(in_h2)
        in_o1 = w5 * out_h1 + w7 * out_h2
        out_o1 = sigmoid(in_o1)
        in_o2 = w6 * out_h1 + w8 * out_h2
        out_o2 = sigmoid(in_o2)
        return out_o1, out_o2, out_h1, out_h2

    def loss_fuction(out_o1, out_o2, y1, y2):
        loss = (1 / 2) * (out_o1 - y1) ** 2 + (1 / 2) * (out_o2 - y2) ** 2
        return loss

    def back_propagate(out_o1, out_o2, out_h1, out_h2):
        d_o1 = out_o1 - y1
        d_o2 = out_o2 - y2
        d_w5 = d_o1 * out_o1 * (1 - out_o1) * out_h1
        d_w7 = d_o1 * out_o1 * (1 - out_o1) * out_h2
        d_w6 = d_o2 * out_o2 * (1 - out_o2) * out_h1
        d_w8 = d_o2 * out_o2 * (1 - out_o2) * out_h2
        d_w1 = (d_w5 + d_w6) * out_h1 * (1 - out_h1) * x1
        d_w3 = (d_w5 + d_w6) * out_h1 * (1 - out_h1) * x2
        d_w2 = (d_w7 + d_w8) * out_h2 * (1 - out_h2) * x1
        d_w4 = (d_w7 + d_w8) * out_h2 * (1 - out_h2) * x2
        return d_w1, d_w2, d_w3, d_w4, d_w5, d_w6, d_w7, d_w8

    losses, grads, outputs = [], [], []
    for i in range(epochs):
        out_o1, out_o2, out_h1, out_h2 = forward_propagate(x1, x2)
        error = loss_fuction(out_o1, out_o2, y1, y2)
        d = back_propagate(out_o1, out_o2, out_h1, out_h2)
        w1, w2, w3, w4, w5, w6, w7, w8 = (
            w - step * g for w, g in zip((w1, w2, w3, w4, w5, w6, w7, w8), d)
        )
        losses.append(float(error))
        grads.append(tuple(float(g) for g in d))
        outputs.append((float(out_o1), float(out_o2)))
    return losses, grads, outputs
