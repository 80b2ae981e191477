"""Deterministic synthetic documents for benchmarking dedup.

Every word list below was written for this project; sentences are assembled from
them by small templates, so no prose is copied from anywhere. The text is mixed
English (70 %), Russian, Arabic and Chinese (10 % each), with numbers, quotes,
apostrophes, dashes, Arabic diacritics and Arabic-Indic digits sprinkled in.

Kinds:

* ``realistic``  one paragraph per line (80-400 characters), no blank lines; about
  10 % of the paragraphs are later repeats of an earlier one, half exact, half with
  noise (typos on letters only, quote style, case, Arabic diacritics/alef forms,
  Chinese punctuation width), so that every planted repeat still matches at 0.90.
* ``wrapped``    the same paragraphs hard-wrapped at 72 display columns, one blank
  line between paragraphs.
* ``repeat``     one paragraph repeated K times, one per line.
* ``onechar``    K distinct paragraphs, each the base with one letter replaced (no
  digit is ever touched), one per line.
* ``opening``    K paragraphs sharing a 200-character opening, each with its own
  tail of 100-200 characters, one per line (no two match).
* ``separator``  K unique paragraphs with a ``---`` line between each two.

Usage::

    python bench/generate.py realistic --mb 20 -o bench/data/realistic-20mb.txt
    python bench/generate.py opening --paragraphs 100000 -o /tmp/opening.txt

A JSON sidecar ``FILE.json`` records the kind, seed, size, the number of paragraphs
(as dedup's ``unit=auto`` layout reads them) and the planted repeats.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

KINDS = ("realistic", "wrapped", "repeat", "onechar", "opening", "separator")
REALISTIC = ("realistic", "wrapped")
ADVERSARIAL = ("repeat", "onechar", "opening", "separator")
MB = 1_000_000  # bytes of UTF-8
WRAP = 72

# --------------------------------------------------------------------------- English

EN_NOUNS = """council city river village school teacher student market report budget road
bridge hospital doctor patient garden farmer harvest weather storm station train museum
library book letter window door house street mountain valley forest lake island harbour
ship captain company worker factory engine machine computer network system question answer
problem solution meeting committee member government minister election vote law court judge
witness officer festival concert song painter picture camera journey visitor tourist hotel
kitchen recipe bread cheese coffee energy price tax plan project study scientist experiment
result sample model theory century morning evening week season summer winter family child
parent neighbour friend community region province border country language story newspaper
editor article audience crowd team player match coach stadium field path wall roof tower
castle church square park tree flower bird horse orchard bakery ferry tunnel lighthouse
clinic pharmacy archive survey contract agreement proposal delegation ceremony exhibition
harvester carpenter mechanic nurse lawyer mayor sheriff fisherman shepherd miller weaver
potter printer baker courier pilot sailor engineer architect surveyor historian librarian
""".split()

EN_VERBS = [  # (base, third person, past)
    (b, t, p)
    for b, t, p in (
        w.split("/")
        for w in """approve/approves/approved announce/announces/announced build/builds/built
        open/opens/opened close/closes/closed visit/visits/visited describe/describes/described
        explain/explains/explained discover/discovers/discovered reach/reaches/reached
        start/starts/started finish/finishes/finished repair/repairs/repaired study/studies/studied
        write/writes/wrote find/finds/found lose/loses/lost win/wins/won carry/carries/carried
        bring/brings/brought follow/follows/followed support/supports/supported
        reject/rejects/rejected measure/measures/measured collect/collects/collected
        protect/protects/protected increase/increases/increased reduce/reduces/reduced
        improve/improves/improved change/changes/changed move/moves/moved publish/publishes/published
        record/records/recorded present/presents/presented prepare/prepares/prepared
        deliver/delivers/delivered receive/receives/received expect/expects/expected
        consider/considers/considered review/reviews/reviewed design/designs/designed
        test/tests/tested plant/plants/planted paint/paints/painted cross/crosses/crossed
        enter/enters/entered leave/leaves/left join/joins/joined invite/invites/invited
        welcome/welcomes/welcomed warn/warns/warned promise/promises/promised
        suggest/suggests/suggested criticise/criticises/criticised praise/praises/praised
        inspect/inspects/inspected restore/restores/restored question/questions/questioned
        fund/funds/funded delay/delays/delayed cancel/cancels/cancelled extend/extends/extended""".split()
    )
]

EN_ADJS = """new old small large quiet busy early late local national public private bright dark
warm cold heavy light narrow wide ancient modern simple complex careful sudden strong weak
rich poor green blue red white long short main final first second recent annual monthly
regional rural urban official independent popular difficult easy important significant
unusual familiar northern southern eastern western wooden stone crowded empty distant nearby
temporary permanent generous modest careful patient eager reluctant""".split()

EN_ADVS = """quickly slowly carefully finally recently already still often rarely usually almost
nearly quietly openly suddenly briefly eventually reportedly unexpectedly""".split()

EN_PREPS = """in on at near behind across along after before during without with from into
under over between through around beyond beside""".split()

EN_LINKS = [", and ", ", but ", " while ", "; ", " because ", " although ", ", so ", " after "]
EN_OPENERS = [
    "On {day}, ", "In {year}, ", "After the {noun}, ", "According to {name}, ",
    "Earlier this {period}, ", "By {month}, ", "For the {ord} time, ", "Despite the {noun}, ",
]
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = """January February March April May June July August September October November
December""".split()
ORDS = "first second third fourth fifth sixth".split()
SYLLABLES = """ka lo mer vin ta ro sel an dor bri el mon ra ve lin thor ga ne ris os wen
hal bar cas del fen gor jun kel mar nor pel quin rud sal tev ul vor wil yar zed""".split()

# --------------------------------------------------------------------------- Russian

RU_NOUNS = """город река деревня школа учитель студент рынок отчёт бюджет дорога мост больница
врач сад урожай погода буря станция поезд музей библиотека книга письмо окно дверь дом улица
гора долина лес озеро остров порт корабль компания рабочий завод машина сеть система вопрос
ответ задача решение встреча комитет правительство министр закон суд судья свидетель праздник
концерт музыка песня художник картина путешествие гостиница кухня хлеб сыр вода энергия цена
налог план проект исследование учёный результат история утро вечер неделя лето зима весна
осень семья ребёнок сосед друг область граница страна язык слово газета статья команда игрок
стадион поле стена башня площадь парк дерево птица лошадь""".split()
RU_VERBS = """одобрил объявил построил открыл закрыл посетил описал объяснил обнаружил начал
закончил отремонтировал изучил написал прочитал нашёл потерял выиграл принёс поддержал отклонил
измерил собрал защитил увеличил сократил улучшил изменил опубликовал записал представил
подготовил получил рассмотрел проверил пригласил предупредил обещал предложил""".split()
RU_ADJS = """новый старый малый большой тихий ранний поздний местный национальный общественный
тёплый холодный тяжёлый лёгкий узкий широкий древний современный простой сложный сильный
слабый зелёный синий красный белый длинный главный последний первый второй годовой городской
сельский официальный важный необычный северный южный восточный западный""".split()
RU_PREPS = "в на из после до без с через около для под над между".split()
RU_LINKS = [", и ", ", но ", ", потому что ", ", хотя ", ", когда ", "; ", " — "]
RU_ADVS = "также уже ещё часто редко обычно почти вчера сегодня завтра снова вскоре".split()

# --------------------------------------------------------------------------- Arabic

AR_NOUNS = """مدينة نهر قرية مدرسة معلم طالب سوق تقرير ميزانية طريق جسر مستشفى طبيب حديقة مزارع
حصاد طقس عاصفة محطة قطار متحف مكتبة كتاب رسالة نافذة باب بيت شارع جبل وادي غابة بحيرة جزيرة
ميناء سفينة شركة عامل مصنع آلة شبكة نظام سؤال جواب مشكلة حل اجتماع لجنة حكومة وزير قانون محكمة
قاضي شاهد مهرجان حفلة موسيقى أغنية رسام صورة رحلة فندق مطبخ خبز جبن قهوة ماء طاقة سعر ضريبة خطة
مشروع دراسة نتيجة تاريخ قرن صباح مساء أسبوع صيف شتاء ربيع خريف عائلة طفل جار صديق منطقة حدود
بلد لغة كلمة صحيفة مقالة فريق لاعب ملعب حقل جدار برج ساحة شجرة طائر حصان""".split()
AR_VERBS = """وافق أعلن بنى فتح أغلق زار وصف شرح اكتشف بدأ أنهى أصلح درس كتب قرأ وجد فقد فاز حمل
دعم رفض قاس جمع حمى زاد خفض حسن غير نشر سجل قدم أعد استلم راجع اختبر دعا حذر وعد اقترح""".split()
AR_ADJS = """جديد قديم صغير كبير هادئ مبكر متأخر محلي وطني عام دافئ بارد ثقيل خفيف ضيق واسع حديث
بسيط معقد قوي ضعيف أخضر أزرق أحمر أبيض طويل رئيسي أخير أول ثاني سنوي رسمي مهم غريب شمالي جنوبي
شرقي غربي""".split()
AR_PREPS = "في على من إلى بعد قبل خلال بدون مع عبر حول".split()
AR_LINKS = ["، و", "، لكن ", "، لأن ", "، رغم أن ", "، عندما ", "؛ ", "، ثم "]
AR_ADVS = "أيضا قد لقد كما اليوم أمس غدا مجددا".split()
AR_HARAKAT = "\u064e\u064f\u0650\u0652\u0651\u064b"
AR_DIGITS = "٠١٢٣٤٥٦٧٨٩"

# --------------------------------------------------------------------------- Chinese

ZH_NOUNS = """城市 河流 村庄 学校 老师 学生 市场 报告 预算 道路 桥梁 医院 医生 花园 农民 收成 天气
风暴 车站 火车 博物馆 图书馆 书信 窗户 大门 房子 街道 高山 山谷 森林 湖泊 岛屿 港口 轮船 公司
工人 工厂 机器 网络 系统 问题 答案 办法 会议 委员会 政府 部长 选举 法律 法院 法官 证人 节日
音乐会 音乐 歌曲 画家 照片 旅行 游客 酒店 厨房 面包 咖啡 能源 价格 税收 计划 项目 研究 科学家
结果 历史 世纪 早上 晚上 星期 夏天 冬天 春天 秋天 家庭 孩子 邻居 朋友 社区 地区 边境 国家 语言
故事 报纸 文章 球队 球员 体育场 田野 围墙 高塔 广场 公园 树木 小鸟 马匹""".split()
ZH_VERBS = """批准 宣布 建造 打开 关闭 访问 描述 解释 发现 开始 完成 修理 学习 编写 阅读 找到 失去
赢得 支持 拒绝 测量 收集 保护 增加 减少 改善 改变 发表 记录 提出 准备 收到 审查 测试 邀请 警告
承诺 建议""".split()
ZH_ADJS = """新的 旧的 小型 大型 安静的 本地的 全国的 公共的 温暖的 寒冷的 重要的 简单的 复杂的 强大的
古老的 现代的 主要的 最后的 每年的 官方的 北部的 南部的 东部的 西部的 绿色的 蓝色的 红色的""".split()
ZH_LINKS = ["，而且", "，但是", "，因为", "，虽然", "，所以", "；", "，同时"]
ZH_TIMES = ["今天", "昨天", "明天", "上个月", "去年", "最近", "早些时候", "本周"]
ZH_ADVS = ["已经", "还", "经常", "很快", "终于", "也", "都", "再次"]

LANGS = ("en", "ru", "ar", "zh")
LANG_WEIGHTS = (70, 10, 10, 10)


def _number(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return str(rng.randint(1890, 2030))
    if roll < 0.7:
        return str(rng.randint(2, 999))
    if roll < 0.85:
        return f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}"
    return f"{rng.randint(1, 99)}.{rng.randint(0, 9)}"


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun == "child":
        return "children"
    return noun + "s"


class Writer:
    """Assembles sentences and paragraphs from the word lists, from one seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names = sorted(
            {
                "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
                for _ in range(600)
            }
        )

    # ---------------------------------------------------------------- English
    def _en_np(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.15:
            return r.choice(self.names)
        if roll < 0.25:
            return f"the {r.choice(EN_NOUNS)} of {r.choice(self.names)}"
        if roll < 0.33:
            return f"{r.choice(self.names)}'s {r.choice(EN_NOUNS)}"
        if roll < 0.43:
            count = r.randint(2, 999) if r.random() < 0.8 else f"{r.randint(1, 99)},{r.randint(0, 999):03d}"
            return f"{count} {_plural(r.choice(EN_NOUNS))}"
        det = r.choice(("the", "the", "a", "this", "their", "every", "another"))
        adj = f"{r.choice(EN_ADJS)} " if r.random() < 0.5 else ""
        if det == "a" and (adj or "x")[0] in "aeiou":
            det = "an"
        noun = r.choice(EN_NOUNS)
        if det == "a" and not adj and noun[0] in "aeiou":
            det = "an"
        return f"{det} {adj}{noun}"

    def _en_clause(self) -> str:
        r = self.rng
        base, third, past = r.choice(EN_VERBS)
        form = r.random()
        if form < 0.45:
            verb = past
        elif form < 0.7:
            verb = third
        elif form < 0.85:
            verb = f"will {base}"
        else:
            verb = f"has {past}" if r.random() < 0.5 else f"did not {base}"
        adv = f"{r.choice(EN_ADVS)} " if r.random() < 0.2 else ""
        out = f"{self._en_np()} {adv}{verb} {self._en_np()}"
        if r.random() < 0.5:
            out += f" {r.choice(EN_PREPS)} {self._en_np()}"
        return out

    def en_sentence(self) -> str:
        r = self.rng
        opener = ""
        if r.random() < 0.25:
            opener = r.choice(EN_OPENERS).format(
                day=r.choice(DAYS), year=r.randint(1890, 2030), noun=r.choice(EN_NOUNS),
                name=r.choice(self.names), period=r.choice(("week", "month", "year", "season")),
                month=r.choice(MONTHS), ord=r.choice(ORDS),
            )
        body = self._en_clause()
        if r.random() < 0.35:
            body += r.choice(EN_LINKS) + self._en_clause()
        roll = r.random()
        if roll < 0.12:
            said = r.choice(("said", "told reporters", "wrote", "added"))
            quote = self._en_clause()
            text = f'{r.choice(self.names)} {said}, "{quote[0].upper()}{quote[1:]}."'
            return opener + text
        if roll < 0.18:
            body = body.replace(" the ", " the so-called ", 1)
        if roll > 0.94:
            body += f" - {r.choice(('at least for now', 'as expected', 'once again', 'so far'))}"
        text = opener + body
        text = text[0].upper() + text[1:]
        if r.random() < 0.08:
            text = text.replace(" is ", " isn't ", 1).replace(" did not ", " didn't ", 1)
        return text + r.choice((".", ".", ".", ".", "!", "?"))

    # ---------------------------------------------------------------- Russian
    def ru_sentence(self) -> str:
        r = self.rng

        def np() -> str:
            adj = f"{r.choice(RU_ADJS)} " if r.random() < 0.5 else ""
            if r.random() < 0.1:
                return f"{_number(r)} {r.choice(RU_NOUNS)}"
            return adj + r.choice(RU_NOUNS)

        def clause() -> str:
            out = f"{np()} {r.choice(RU_VERBS)} {np()}"
            if r.random() < 0.5:
                out += f" {r.choice(RU_PREPS)} {np()}"
            if r.random() < 0.2:
                out = f"{r.choice(RU_ADVS)} {out}"
            return out

        body = clause()
        if r.random() < 0.35:
            body += r.choice(RU_LINKS) + clause()
        if r.random() < 0.1:
            body += f" «{r.choice(RU_ADJS)} {r.choice(RU_NOUNS)}»"
        if r.random() < 0.15:
            body = f"В {r.randint(1890, 2030)} году {body}"
        return body[0].upper() + body[1:] + r.choice((".", ".", ".", "!", "?"))

    # ---------------------------------------------------------------- Arabic
    def _ar_word(self, word: str) -> str:
        r = self.rng
        if r.random() < 0.06:  # a few words carry harakat, as in real text
            word = "".join(c + (r.choice(AR_HARAKAT) if r.random() < 0.5 else "") for c in word)
        if r.random() < 0.02 and len(word) > 2:
            word = word[:2] + "ـ" + word[2:]
        return word

    def ar_sentence(self) -> str:
        r = self.rng

        def number() -> str:
            n = _number(r)
            if r.random() < 0.5:
                n = "".join(AR_DIGITS[int(c)] if c.isdigit() else c for c in n)
            return n

        def np() -> str:
            if r.random() < 0.1:
                return f"{number()} {self._ar_word(r.choice(AR_NOUNS))}"
            noun = "ال" + self._ar_word(r.choice(AR_NOUNS))
            if r.random() < 0.5:
                noun += " ال" + self._ar_word(r.choice(AR_ADJS))
            return noun

        def clause() -> str:
            out = f"{self._ar_word(r.choice(AR_VERBS))} {np()} {np()}"
            if r.random() < 0.5:
                out += f" {r.choice(AR_PREPS)} {np()}"
            if r.random() < 0.2:
                out = f"{r.choice(AR_ADVS)} {out}"
            return out

        body = clause()
        if r.random() < 0.35:
            body += r.choice(AR_LINKS) + clause()
        if r.random() < 0.1:
            body += f" «{np()}»"
        return body + r.choice((".", ".", ".", "!", "؟"))

    # ---------------------------------------------------------------- Chinese
    def zh_sentence(self) -> str:
        r = self.rng

        def np() -> str:
            if r.random() < 0.1:
                return f"{_number(r)}个{r.choice(ZH_NOUNS)}"
            adj = r.choice(ZH_ADJS) if r.random() < 0.4 else ""
            return adj + r.choice(ZH_NOUNS)

        def clause() -> str:
            adv = r.choice(ZH_ADVS) if r.random() < 0.3 else ""
            out = f"{np()}{adv}{r.choice(ZH_VERBS)}了{np()}"
            if r.random() < 0.3:
                out = f"{np()}的{out}"
            return out

        body = clause()
        if r.random() < 0.25:
            body = f"{r.choice(ZH_TIMES)}，{body}" if r.random() < 0.6 else f"{r.randint(1890, 2030)}年，{body}"
        if r.random() < 0.35:
            body += r.choice(ZH_LINKS) + clause()
        if r.random() < 0.1:
            body += f"「{np()}」"
        return body + r.choice(("。", "。", "。", "！", "？"))

    # ---------------------------------------------------------------- paragraphs
    def sentence(self, lang: str) -> str:
        return getattr(self, f"{lang}_sentence")()

    def paragraph(self, lang: str | None = None, lo: int = 80, hi: int = 400) -> tuple[str, str]:
        """A paragraph of ``lo``..``hi`` code points, and its language."""
        r = self.rng
        lang = lang or r.choices(LANGS, LANG_WEIGHTS)[0]
        joiner = "" if lang == "zh" else " "
        target = r.randint(lo, hi)
        while True:
            parts: list[str] = []
            length = 0
            while length < target:
                s = self.sentence(lang)
                if parts and length + len(joiner) + len(s) > hi:
                    break
                parts.append(s)
                length += len(s) + (len(joiner) if len(parts) > 1 else 0)
            text = joiner.join(parts)
            if lo <= len(text) <= hi:
                return text, lang


# --------------------------------------------------------------------------- noise

_QUOTE_SWAPS = [('"', "“"), ("“", '"'), ("”", '"'), ("'", "’"), ("’", "'"), ("«", "“"),
                ("»", "”"), ("「", "“"), ("」", "”")]
_NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm"


def _typo(rng: random.Random, text: str) -> str:
    """One small letter edit (substitute, delete, double, swap); digits never touched."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if not letters:
        return text
    i = rng.choice(letters)
    c = text[i]
    op = rng.randrange(4)
    if op == 0:  # substitute with another letter of the same script
        if c.isascii():
            pool = _NEIGHBOURS
        elif "а" <= c.lower() <= "я" or c in "ёЁ":
            pool = "абвгдежзиклмнопрстуфхцчшщыэюя"
        elif "\u0600" <= c <= "\u06ff":
            pool = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
        else:
            pool = "的了在是和也都就有人这中大为上个国我以要他时来用们生到作地于出"
        new = rng.choice(pool)
        return text[:i] + (new if new != c else pool[0] if c != pool[0] else pool[1]) + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i + 1 :]
    if op == 2:
        return text[:i] + c + text[i:]
    j = i + 1
    if j < len(text) and text[j].isalpha():
        return text[:i] + text[j] + c + text[j + 1 :]
    return text[:i] + text[i + 1 :]


def add_noise(rng: random.Random, text: str, lang: str) -> str:
    """A near copy: 1-3 of typos, quote changes, case changes and script-specific
    variations. The number of letter edits stays well under 10 % of the length."""
    ops = rng.randint(1, 3)
    edits = 0
    for _ in range(ops):
        roll = rng.random()
        if roll < 0.45 and edits < max(1, len(text) // 60):
            text = _typo(rng, text)
            edits += 1
        elif roll < 0.65:
            for old, new in rng.sample(_QUOTE_SWAPS, 3):
                text = text.replace(old, new)
            if lang == "zh":  # fullwidth -> ASCII punctuation (NFKC folds these)
                text = text.replace("，", ",") if rng.random() < 0.5 else text.replace("！", "!")
        elif roll < 0.85:
            if lang in ("en", "ru"):
                choice = rng.randrange(3)
                if choice == 0:
                    text = text.upper()
                elif choice == 1:
                    text = " ".join(w.capitalize() if rng.random() < 0.3 else w for w in text.split(" "))
                else:
                    text = text[0].lower() + text[1:]
            elif lang == "ar":
                text = text.replace("أ", "ا").replace("إ", "ا")
        else:
            if lang == "ar":
                text = "".join(c for c in text if c not in AR_HARAKAT and c != "ـ")
            else:
                text = text.replace(". ", ".  ", 1) if rng.random() < 0.5 else text + " "
    return text


# --------------------------------------------------------------------------- layout

def _width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


_CJK_TOKEN = re.compile(r"[0-9][0-9,.]*[0-9]|.", re.S)


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Greedy wrap at ``width`` display columns; CJK breaks between any characters."""
    lines: list[str] = []
    if " " not in text:  # Chinese: break between any two characters, but not inside a number
        line, cols = [], 0
        for token in _CJK_TOKEN.findall(text):
            w = sum(_width(c) for c in token)
            if cols + w > width and line:
                lines.append("".join(line))
                line, cols = [], 0
            line.append(token)
            cols += w
        if line:
            lines.append("".join(line))
        return lines
    line_words: list[str] = []
    cols = 0
    for word in text.split(" "):
        w = sum(_width(c) for c in word)
        extra = w + (1 if line_words else 0)
        if line_words and cols + extra > width:
            lines.append(" ".join(line_words))
            line_words, cols = [], 0
            extra = w
        line_words.append(word)
        cols += extra
    if line_words:
        lines.append(" ".join(line_words))
    return lines


# --------------------------------------------------------------------------- documents

def realistic_paragraphs(rng: random.Random, repeat_rate: float = 0.10) -> Iterator[tuple[str, str]]:
    """Endless paragraphs tagged ``new``, ``exact`` or ``noisy``."""
    writer = Writer(rng)
    originals: list[tuple[str, str]] = []
    while True:
        if originals and len(originals) > 20 and rng.random() < repeat_rate:
            text, lang = rng.choice(originals)
            if rng.random() < 0.5:
                yield text, "exact"
            else:
                noisy = add_noise(rng, text, lang)
                yield noisy, "noisy" if noisy != text else "exact"
        else:
            text, lang = writer.paragraph()
            originals.append((text, lang))
            yield text, "new"


def _base_paragraph(writer: Writer, lo: int, hi: int) -> str:
    return writer.paragraph("en", lo, hi)[0]


def adversarial_paragraphs(kind: str, rng: random.Random) -> Iterator[str]:
    writer = Writer(rng)
    if kind == "repeat":
        base = _base_paragraph(writer, 200, 300)
        while True:
            yield base
    elif kind == "onechar":
        base = _base_paragraph(writer, 300, 400)
        positions = [i for i, c in enumerate(base) if c.isalpha()]
        # Replacement letters: Latin, Cyrillic, Greek and CJK ideographs, so that
        # (position, letter) pairs are plentiful and every paragraph is distinct.
        pool = ("abcdefghijklmnopqrstuvwxyz" "абвгдежзийклмнопрстуфхцчшщыэюя" "αβγδεζηθικλμνξοπρστυφχψω"
                + "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000)))
        seen: set[tuple[int, str]] = set()
        yield base
        while True:
            i = rng.choice(positions)
            c = rng.choice(pool)
            if c == base[i].lower() or (i, c) in seen:
                continue
            seen.add((i, c))
            yield base[:i] + c + base[i + 1 :]
    elif kind == "opening":
        opening = _opening(writer, 200)
        while True:
            yield opening + " " + writer.paragraph("en", 100, 200)[0]
    elif kind == "separator":
        while True:
            yield writer.paragraph()[0]
    else:
        raise ValueError(f"unknown kind {kind!r}")


def _opening(writer: Writer, length: int) -> str:
    text = ""
    while len(text) < length:
        text = (text + " " + writer.en_sentence()).strip()
    cut = text[: length + 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-") + ","


def generator_version() -> str:
    """A hash of this file, so that cached documents can tell they are stale."""
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def build(kind: str, *, mb: float | None = None, paragraphs: int | None = None,
          seed: int = 1) -> tuple[str, dict[str, object]]:
    """The document of ``kind`` with ``paragraphs`` source paragraphs, or of at least
    ``mb`` MB (10**6 bytes of UTF-8), and its metadata."""
    if (mb is None) == (paragraphs is None):
        raise ValueError("give exactly one of mb and paragraphs")
    rng = random.Random(f"dedup-bench:{kind}:{seed}")
    limit_bytes = int(mb * MB) if mb is not None else None
    pieces: list[str] = []
    planted = {"exact": 0, "noisy": 0}
    count = 0
    units = 0  # paragraphs as dedup's unit=auto reads them
    size = 0
    if kind in REALISTIC:
        source: Iterator[tuple[str, str]] = realistic_paragraphs(rng)
    else:
        source = ((p, "new") for p in adversarial_paragraphs(kind, rng))
    for text, tag in source:
        if paragraphs is not None and count >= paragraphs:
            break
        if limit_bytes is not None and size >= limit_bytes:
            break
        if tag != "new":
            planted[tag] += 1
        if kind == "wrapped":
            piece = ("\n" if count else "") + "\n".join(wrap(text)) + "\n"
        elif kind == "separator" and count:
            piece = "---\n" + text + "\n"
            units += 1
        else:
            piece = text + "\n"
        pieces.append(piece)
        size += len(piece.encode("utf-8"))
        count += 1
        units += 1
    doc = "".join(pieces)
    meta: dict[str, object] = {
        "generator": generator_version(),
        "kind": kind,
        "seed": seed,
        "bytes": size,
        "mb": round(size / MB, 3),
        "source_paragraphs": count,
        "paragraphs": units,
        "planted_exact": planted["exact"],
        "planted_noisy": planted["noisy"],
    }
    if kind in ("repeat", "onechar"):  # every paragraph matches the first
        meta["expected_removed"] = count - 1
    elif kind in REALISTIC:
        meta["expected_removed"] = planted["exact"] + planted["noisy"]
    elif kind in ("opening", "separator"):
        meta["expected_removed"] = 0
    return doc, meta


def write(kind: str, path: str | Path, **kwargs: object) -> dict[str, object]:
    """Build and write the document, with its JSON sidecar ``path + '.json'``."""
    doc, meta = build(kind, **kwargs)  # type: ignore[arg-type]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc, encoding="utf-8", newline="")
    Path(str(path) + ".json").write_text(json.dumps(meta, indent=1) + "\n")
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=KINDS)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--mb", type=float, help="size in MB (10**6 bytes of UTF-8)")
    size.add_argument("--paragraphs", type=int, help="number of source paragraphs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    if args.mb is None and args.paragraphs is None:
        if args.kind in REALISTIC:
            args.mb = 20.0
        else:
            args.paragraphs = 100_000
    if args.output:
        meta = write(args.kind, args.output, mb=args.mb, paragraphs=args.paragraphs, seed=args.seed)
        print(json.dumps(meta), file=sys.stderr)
    else:
        doc, meta = build(args.kind, mb=args.mb, paragraphs=args.paragraphs, seed=args.seed)
        sys.stdout.write(doc)
        print(json.dumps(meta), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
