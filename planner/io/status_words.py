"""Words for the codes of the records that change a plan: why an elder or a visitor is away
(``planner.elder_status``, ``planner.absences``) and what a follow-up is for
(``planner.followups``), in Chinese (the default) and English, as ``planner.io.words``."""

from __future__ import annotations

from typing import Final

from planner.io.words import LANGUAGES

_LABELS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "away": {
        "hospital": ("住院", "in hospital"),
        "with_family": ("随子女居住", "staying with family"),
        "other": ("其他", "other"),
        "deceased": ("去世", "deceased"),
        "moved_away": ("迁出", "moved away"),
        "sick": ("病假", "sick"),
        "training": ("培训", "training"),
        "leave": ("休假", "leave"),
    },
    "followup": {
        "gas": ("燃气安全隐患", "gas hazard"),
        "water_heating": ("用水取暖安全隐患", "water or heating hazard"),
        "electricity": ("用电安全隐患", "electricity hazard"),
        "fire": ("消防安全隐患", "fire hazard"),
        "housing": ("住房安全隐患", "unsafe housing"),
        "medical": ("就医需求", "medical need"),
        "care": ("照护需求", "care need"),
        "benefits": ("政策帮扶需求", "benefits need"),
        "emotional": ("精神慰藉需求", "emotional support"),
        "family_support": ("子女赡养问题", "family not supporting"),
    },
}


def status_label(kind: str, value: str, lang: str) -> str:
    """The word for ``value`` of group ``kind`` (``away`` or ``followup``) in ``lang``."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    try:
        words = _LABELS[kind][value]
    except KeyError:
        raise ValueError(f"no label for {kind} {value!r}; add it to {__name__}") from None
    return words[LANGUAGES.index(lang)]
