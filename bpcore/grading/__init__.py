"""The autograder of classroom/ (nbgrader): `reports` (a Verdict, the tolerances, answers compared),
`mistakes` (the catalogue of known mistakes), and the checks of each assignment, `backprop` and `autograd`."""
