"""The planner seen from outside: generated towns, the real command, and a checker that shares
no code with the planner (it reads only the tables, the output files and the policy's numbers)."""
