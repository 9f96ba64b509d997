"""The solver adapter: the week's home visits as one validated routing problem (``problem``)
and the back ends that solve it (``ortools``, ``pyvrp``), whose types never leave their module;
``limits`` (the search budgets) and ``solomon`` (the benchmark instances). It knows nothing of
the heuristics around it (``planner.engine``)."""
