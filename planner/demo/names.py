"""What the demo's people and places are called.

Family names weighted as in Shandong, given names by generation (the elders were born 1925-1965,
their children and the visitors later), plausible and district-wide unique names of villages
(村) and communities (社区), and names for towns beyond Yicheng's real seven.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

from planner.demo.draws import pick, pick_weighted

_SURNAME_WEIGHTS = (
    ("王", 7.5), ("张", 6.5), ("李", 6.0), ("刘", 5.0), ("孙", 2.8), ("陈", 2.5), ("杨", 2.5),
    ("赵", 2.2), ("徐", 1.8), ("高", 1.8), ("马", 1.5), ("于", 1.4), ("朱", 1.3), ("郭", 1.3),
    ("周", 1.2), ("吴", 1.2), ("宋", 1.2), ("褚", 1.0), ("黄", 1.0), ("韩", 1.0), ("曹", 1.0),
    ("田", 1.0), ("董", 1.0), ("郑", 0.9), ("胡", 0.8), ("梁", 0.8), ("许", 0.8), ("冯", 0.8),
    ("杜", 0.8), ("魏", 0.8), ("吕", 0.7), ("丁", 0.7), ("任", 0.7), ("姜", 0.7), ("孟", 0.6),
    ("贾", 0.6), ("石", 0.6), ("崔", 0.6), ("程", 0.6), ("林", 0.6), ("何", 0.5), ("谢", 0.5),
    ("唐", 0.5), ("彭", 0.5), ("肖", 0.5), ("袁", 0.5), ("蒋", 0.5), ("孔", 0.5), ("侯", 0.5),
    ("范", 0.5), ("罗", 0.4), ("邓", 0.4), ("潘", 0.4), ("蔡", 0.4), ("姚", 0.4), ("颜", 0.4),
    ("邵", 0.4), ("秦", 0.4), ("尹", 0.4), ("薛", 0.4), ("闫", 0.4), ("庞", 0.3), ("段", 0.3),
)  # fmt: skip
_SURNAMES = tuple(surname for surname, _ in _SURNAME_WEIGHTS)
_SURNAME_CUMULATIVE = tuple(itertools.accumulate(weight for _, weight in _SURNAME_WEIGHTS))
# Given names by generation: elders were born 1925-1965, their children and the visitors later.
_OLD_MALE = (
    "德福贵财明华军文志永庆春学忠国建成林山海瑞祥宝"
    "义胜利和平友广玉金长振兴树法修传家保全富荣安顺良田峰"
)
_OLD_FEMALE_FIRST = "秀桂玉凤淑素爱翠月春金兰"
_OLD_FEMALE_SECOND = "英兰珍芳梅荣华霞香云琴花莲菊娥芬枝贞"
_YOUNG_MALE = "伟强磊军勇涛斌超鹏杰浩宇凯帅亮刚明峰俊辉志建海晓文子宏"
_YOUNG_FEMALE_FIRST = "晓雪丽海春亚文佳欣雅秀玉"
_YOUNG_FEMALE_SECOND = "静丽敏燕艳娟霞芳婷雪慧洁琳颖倩莉萍红玲晶"


def weighted_surname(rng: random.Random) -> str:
    return pick_weighted(rng, _SURNAMES, _SURNAME_CUMULATIVE)


def person_name(rng: random.Random, *, female: bool, old: bool, surname: str | None = None) -> str:
    family = surname or weighted_surname(rng)
    if female:
        first = _OLD_FEMALE_FIRST if old else _YOUNG_FEMALE_FIRST
        second = _OLD_FEMALE_SECOND if old else _YOUNG_FEMALE_SECOND
        if rng.random() < 0.25:
            return family + pick(rng, second)
    else:
        first = second = _OLD_MALE if old else _YOUNG_MALE
        if rng.random() < 0.3:
            return family + pick(rng, first)
    given = pick(rng, first)
    while (last := pick(rng, second)) == given:
        pass  # 志志, 秀秀: a doubled character is a child's pet name, not a registered one
    return family + given + last


# --- villages and communities ------------------------------------------------------------------

_CHINESE_ORDINALS = "一二三四五六七八九十"
_VILLAGE_SUFFIXES = "庄楼营集屯店寨洼桥园埠岭沟湖"
_DIRECTIONS = "东西南北前后大小新"
_LAND_WORDS = "河湖山岭坡沟泉林园桥庙井"
_NATURE_NAMES = (
    "青石", "石榴", "柳林", "杏花", "槐树", "双河", "白庙", "黄土", "红山", "金山", "卧龙", "凤凰",
    "梨园", "桃园", "龙泉", "甘泉", "沙河", "榆树", "松林", "芦湖", "荷花", "石门", "马山", "枣林",
)  # fmt: skip
_COMMUNITY_WORDS = (
    "东湖", "榴园", "青檀", "文化", "振兴", "和平", "新华", "幸福", "阳光", "锦绣", "金河", "翠屏",
    "福泰", "城中", "承水", "滨河", "民生", "兴华", "育才", "康宁", "安居", "瑞丰", "紫荆", "怡和",
    "华苑", "泰和", "永安", "花园", "光明", "富民", "龙潭", "望湖",
)  # fmt: skip


_NameMaker = Callable[[], str]


class VillageNames:
    """Plausible, district-wide unique names of villages and communities."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def village(self) -> str:
        return self._unique(self._village_candidate, suffix="村")

    def community(self) -> str:
        return self._unique(self._community_candidate, suffix="社区")

    def _village_candidate(self) -> str:
        rng = self.rng
        style = rng.random()
        if style < 0.55:
            surname = weighted_surname(rng)
            if rng.random() < 0.3:
                return f"{surname}家庄" if rng.random() < 0.4 else f"{surname}家庄村"
            return f"{surname}{rng.choice(_VILLAGE_SUFFIXES)}村"
        if style < 0.8:
            return f"{rng.choice(_DIRECTIONS)}{rng.choice(_LAND_WORDS)}村"
        return f"{rng.choice(_NATURE_NAMES)}{rng.choice(('', '', '岭', '沟', '庄'))}村"

    def _community_candidate(self) -> str:
        word = self.rng.choice(_COMMUNITY_WORDS)
        if self.rng.random() < 0.2:
            word = self.rng.choice(_DIRECTIONS[:4]) + word
        return f"{word}社区"

    def _unique(self, candidate: _NameMaker, *, suffix: str) -> str:
        for _ in range(40):
            name = candidate()
            if name not in self.used:
                break
        else:
            # Every short name is taken: split one into 二村, 三村... as villages do when they grow.
            base = candidate().removesuffix(suffix)
            number = 2
            while (name := f"{base}{_ordinal(number)}{suffix}") in self.used:
                number += 1
        self.used.add(name)
        return name


# --- towns -------------------------------------------------------------------------------------

# Names for towns beyond the seven real ones (older township names of the area and the like).
_EXTRA_TOWN_NAMES = (
    "曹庄镇", "左庄镇", "周营镇", "金寺镇", "棠阴镇", "仙坛镇", "甘泉镇", "青檀镇", "承水镇",
    "匡谈镇", "褚楼镇", "坊上镇", "种庄镇", "贾庄镇", "冯卯镇", "王楼镇", "魏庄镇", "石屋山镇",
)  # fmt: skip


def extra_town_name(extra: int) -> str:
    """The ``extra``-th made-up town's name (0 first): 曹庄镇…, then 曹庄二镇… when all are used."""
    base = _EXTRA_TOWN_NAMES[extra % len(_EXTRA_TOWN_NAMES)]
    round_ = extra // len(_EXTRA_TOWN_NAMES)
    return base if round_ == 0 else f"{base.removesuffix('镇')}{_ordinal(round_ + 1)}镇"


def _ordinal(number: int) -> str:
    return _CHINESE_ORDINALS[number - 1] if number <= 10 else str(number)
