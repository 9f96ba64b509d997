"""The demo district: believable towns, elders, visitors and a quarter's history, seeded."""

from planner.demo.district import DemoSize, build_demo_district

__all__ = ["DemoSize", "build_demo_district"]
