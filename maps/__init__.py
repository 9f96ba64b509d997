"""Folium maps of plans: a week's overview and one map per visitor and day."""

from maps.plan_maps import day_map_file_name, write_plan_maps

__all__ = ["day_map_file_name", "write_plan_maps"]
