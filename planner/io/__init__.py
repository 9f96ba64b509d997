"""The world outside the planner: tables read and checked, plans written, the words people read."""
