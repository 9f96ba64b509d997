"""The demo district's old address for one commit: the module is now ``visitors.py``.

Renamed first so that git follows its history; the next commit splits it into geography,
names, people, visitors, history and this module.
"""

from planner.demo.visitors import (
    YICHENG_TOWNS,
    DemoSize,
    build_demo_district,
    demo_rows,
    write_demo_tables,
)

__all__ = ["YICHENG_TOWNS", "DemoSize", "build_demo_district", "demo_rows", "write_demo_tables"]
