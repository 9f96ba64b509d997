"""python -m api: the visitplan command line."""

from api.cli import main

main()
