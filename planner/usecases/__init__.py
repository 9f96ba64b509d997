"""The use cases: plan a week (``plan``), re-plan it for a surge (``replan``), edit a plan
(``edit``), simulate weeks in a row (``simulate``). The faces (the command line, the service, a
distributed runner) call these and nothing else; they share one way to build a town's week and
to assemble a plan (``town_weeks``)."""
