"""Write the example corpus: ``NAME.txt``, ``NAME.expected.txt`` and ``NAME.options.json``.

Every document here was written for this project. Each expected output is built
from the rule (see the project's rule on paragraphs, matching, runs and blank
lines), by construction: for a doubled article it is the first copy plus what
stays, for a hard negative it is the input itself. Nothing is copied from what
the engine prints.

All bytes are produced here, so the cases that live at the byte level (CRLF, a
missing final newline, mixed line endings, NFD text written with explicit escapes)
can be regenerated exactly::

    python examples/make_examples.py            # rewrite the files next to this script
    python examples/make_examples.py OUTDIR     # write them somewhere else

The output is deterministic: running it twice gives identical files.
"""

from __future__ import annotations

import json
import sys
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    expected: str
    options: dict[str, Any] = field(default_factory=dict)


CASES: list[Case] = []


def case(name: str, text: str, expected: str | None = None, **options: Any) -> None:
    """Register a case; ``expected=None`` means the text must come back unchanged."""
    assert name not in {c.name for c in CASES}, name
    CASES.append(Case(name, text, text if expected is None else expected, options))


def lines(*parts: str, eol: str = "\n") -> str:
    """Each part as one line ending in ``eol``; an empty part is a blank line."""
    return "".join(part + eol for part in parts)


def columns(line: str) -> int:
    """Display columns, as the rule counts them (wide = 2, marks and format = 0)."""
    width = 0
    for char in line.rstrip():
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def long_lines(*parts: str) -> tuple[str, ...]:
    """Lines meant to be one paragraph each: every one is wider than 100 columns."""
    for part in parts:
        assert columns(part) > 100, (columns(part), part)
    return parts


def wrap(text: str, width: int) -> str:
    """Hard-wrap one paragraph at ``width`` columns (ASCII prose only)."""
    wrapped = textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)
    assert all(len(line) <= width for line in wrapped.splitlines())
    return wrapped + "\n"


# --------------------------------------------------------------------------------------
# Doubled bodies: the whole body twice, a source line between. Expected: the first copy
# and the source line. The copy is the last block, so it takes the blank line before it.
# --------------------------------------------------------------------------------------

EN_HEAD = lines(
    "Harbour town votes to rebuild its flooded library on higher ground",
    "By a staff reporter",
)
EN_BODY = lines(
    *long_lines(
        "Residents of Millbrook Cove voted on Saturday to rebuild the town's public library on"
        " a hillside lot half a mile from the harbour, two years after a winter storm pushed"
        " seawater through its ground floor and ruined most of the children's collection.",
        "The measure passed by 1,412 votes to 988. It allows the town council to borrow up to"
        " 6.5 million dollars over twenty years, repaid through a small rise in the property"
        " levy that the council says will cost a typical household about 40 dollars a year.",
        "Supporters argued that repairing the old building would only invite the next flood."
        ' "We dried it out once, and we cannot keep doing that every few winters," said Ines'
        " Calloway, who has run the library's Saturday reading hour for eleven years.",
        "Opponents, led by a group of shop owners on Front Street, said moving the library"
        " away from the harbour would take foot traffic from the town centre. They have asked"
        " the council to keep a small reading room in the old building, and the council has"
        " agreed to study the idea.",
        "Construction is expected to begin next spring. Until the new building opens, the"
        " library will keep lending books from a converted bus parked outside the primary"
        " school on weekday afternoons.",
    )
)
EN_SOURCE = "Example Times. com"

case(
    "en_news_doubled",
    EN_HEAD + "\n" + EN_BODY + "\n" + EN_SOURCE + "\n\n" + EN_BODY,
    EN_HEAD + "\n" + EN_BODY + "\n" + EN_SOURCE + "\n",
)

AR_HEAD = lines("افتتاح خط حافلات جديد يربط الأحياء الشرقية بوسط المدينة")
AR_PARAS = long_lines(
    "افتتحت بلدية المدينة صباح يوم الأحد خطا جديدا للحافلات يربط الأحياء الشرقية بوسط"
    " المدينة، بعد أشهر من الشكاوى التي قدمها السكان بسبب طول الانتظار وازدحام الطرق في"
    " ساعات الصباح.",
    "ويبلغ طول الخط الجديد نحو 18 كيلومترا، ويمر بأربع عشرة محطة، من بينها محطتان قرب"
    " المستشفى الجامعي والسوق القديم، وتسير عليه عشرون حافلة كهربائية طوال أيام الأسبوع.",
    "وقالت مديرة قسم النقل في البلدية إن الرحلة من آخر محطة في الشرق إلى الساحة الرئيسية"
    " لن تستغرق أكثر من 35 دقيقة، وإن الحافلات ستمر كل عشر دقائق في أوقات الذروة.",
    "ورحب عدد من السكان بالخط الجديد، لكن بعضهم طالب بتمديد ساعات العمل إلى ما بعد منتصف"
    " الليل، لأن كثيرا من العاملين في المطاعم والمخابز ينهون أعمالهم في وقت متأخر.",
    "وأعلنت البلدية أن الركوب سيكون مجانيا خلال الأسبوعين الأولين، على أن يعود سعر التذكرة"
    " بعد ذلك إلى السعر المعتاد في بقية خطوط المدينة.",
)
AR_BODY = lines(*AR_PARAS)
AR_SOURCE = "المصدر: صحيفة المثال اليومية"

case(
    "ar_news_doubled",
    AR_HEAD + "\n" + AR_BODY + "\n" + AR_SOURCE + "\n\n" + AR_BODY,
    AR_HEAD + "\n" + AR_BODY + "\n" + AR_SOURCE + "\n",
)

RU_HEAD = lines("Краеведческий музей Светлогорья снова открыт после трёх лет реставрации")
RU_BODY = lines(
    *long_lines(
        "Краеведческий музей Светлогорья в субботу снова принял посетителей. Здание"
        " девятнадцатого века, в котором он размещается, закрыли на реставрацию три года"
        " назад, когда в одном из залов обрушилась часть потолка.",
        "За это время реставраторы укрепили фундамент, заменили деревянные перекрытия и"
        " восстановили изразцовые печи, которые, по словам директора музея, сохранились почти"
        " полностью и были лишь скрыты под несколькими слоями краски.",
        "В обновлённой экспозиции появились два новых зала. Один рассказывает о речном"
        " судоходстве, в другом собраны письма и фотографии, которые жители принесли в музей"
        " сами после объявления в местной газете.",
        "Первые две недели вход будет бесплатным. Затем взрослый билет будет стоить 200"
        " рублей, а школьники и пенсионеры смогут приходить в музей бесплатно по средам.",
    )
)
RU_SOURCE = "Источник: «Вестник Примера»"

case(
    "ru_news_doubled",
    RU_HEAD + "\n" + RU_BODY + "\n" + RU_SOURCE + "\n\n" + RU_BODY,
    RU_HEAD + "\n" + RU_BODY + "\n" + RU_SOURCE + "\n",
)

# Japanese: every body line is under 100 code points but over 100 columns, because
# each character is two columns wide; so each line is its own paragraph.
JA_HEAD = lines("山あいの町で閉校した小学校がパン工房に生まれ変わる")
JA_PARAS = long_lines(
    "山あいにある北沢町で、三年前に閉校した小学校の校舎を改装したパン工房が今月開業した。"
    "地元で育てた小麦を使ったパンを焼き、週末には町の外から訪れる客で行列ができている。",
    "工房を開いたのは、都市部のホテルで十年間パン職人として働いてきた女性で、"
    "祖母が暮らしていたこの町に移り住んだ。かつての家庭科室を作業場として使っている。",
    "町によると、改装費用の半分は国の補助金でまかない、残りを町と工房が分担した。"
    "教室の一部は集会所として残され、毎月第二日曜日には朝市も開かれる予定だ。",
    "開業初日には卒業生など約二百人が訪れた。「自分が座っていた教室でパンを買う日が来るとは"
    "思わなかった」と話す人もいて、店の前では昔の写真を見せ合う姿も見られた。",
)
assert all(len(p) < 100 for p in JA_PARAS)
JA_BODY = lines(*JA_PARAS)
JA_SOURCE = "出典：例示新聞デジタル版"

case(
    "ja_news_doubled",
    JA_HEAD + "\n" + JA_BODY + "\n" + JA_SOURCE + "\n\n" + JA_BODY,
    JA_HEAD + "\n" + JA_BODY + "\n" + JA_SOURCE + "\n",
)

# --------------------------------------------------------------------------------------
# Wide text: wrapped or one paragraph a line.
# --------------------------------------------------------------------------------------

# Every line ends a sentence (。), so the block is Japanese with one paragraph a line,
# whatever its width (the first line is 51 wide characters, 102 columns, but a line
# mostly of wide characters counts a column a character): every line is a paragraph,
# and the line pasted twice goes.
JA_W1 = "商店街の空き店舗を使った子ども食堂が、この春に開設一年を迎えた。運営は地域のボランティアが担っている。"
JA_W2 = "食材の多くは近くの農家や商店からの寄付で、毎週水曜と土曜の夕方に温かい食事を無料で出している。"
JA_W3 = "利用する子どもは当初の三倍に増え、最近は高齢の住民も一緒に食卓を囲むようになった。"
JA_W4 = "代表の男性は「ここが誰にとっても気軽に寄れる場所であってほしい」と話している。"
assert len(JA_W1) == 51 and columns(JA_W1) == 102, (len(JA_W1), columns(JA_W1))
assert all(x.endswith("。") for x in (JA_W1, JA_W2, JA_W3))
assert len(JA_W2) >= 40

case(
    "ja_wide_line_repeat",
    lines("子ども食堂、開設一年", "", JA_W1, JA_W2, JA_W2, JA_W3, JA_W4),
    lines("子ども食堂、開設一年", "", JA_W1, JA_W2, JA_W3, JA_W4),
)

# Every line but the last is at most 50 characters (100 columns), within the wrap width,
# and not every line ends a sentence (some end with a colon, as hard-wrapped text
# does), so each block is one wrapped paragraph: the sentence said twice inside it is
# not a separate paragraph and stays. Hard negative: the output is the input.
ZH_L1 = "外婆家的院子里有一棵老枣树，是她年轻时亲手种下的。每年秋天枣子熟了，她总是先摘下一篮分给左右的邻居。"
ZH_L2 = "她常说："
ZH_SAY = "种树的人不一定能坐在树下乘凉，可是总得有人先把树种下去，不然后来的人到哪里去找树荫呢？"
ZH_L3 = "后来我搬到城里，很少回去。去年春天我在阳台上种了一棵小柠檬树，每天早上都浇水，看着它一点点地长高了。"
ZH_L4 = "邻居问我什么时候能结果，我想了想，学着外婆的口气回答："
ZH_L5 = "邻居笑了，说这句话他好像在哪里听过。我告诉他，这是外婆说了一辈子的话："
ZH_L6 = "它今年开了第一朵花。"
ZH_P1 = (ZH_L1, ZH_L2, ZH_SAY)
ZH_P2 = (ZH_L3, ZH_L4, ZH_SAY, ZH_L5, ZH_SAY, ZH_L6)
assert columns(ZH_L1) == 100 and columns(ZH_L3) == 100, (columns(ZH_L1), columns(ZH_L3))
assert all(columns(x) <= 100 for x in (*ZH_P1, *ZH_P2))
assert len(ZH_SAY) >= 40  # read line by line, its repeats would be long enough to go

case(
    "zh_wrapped_block_kept",
    lines("枣树", "", *ZH_P1, "", *ZH_P2),
)

# --------------------------------------------------------------------------------------
# Noisy copies: the copy differs from the first copy only in ways the normal form or the
# similarity threshold absorb. Expected: the first copy and what stays.
# --------------------------------------------------------------------------------------

GARDEN = (
    "When the parking lot behind the old cinema was fenced off three summers ago, nobody on"
    " Larch Street expected it to become the most crowded place in the neighbourhood. Today"
    " it holds forty raised beds, a tool shed built from salvaged doors and a waiting list"
    " that grows every spring.",
    "The garden has no manager. A rota pinned inside the shed says who waters on which"
    " evening, and a notebook beside it records what was planted, what was eaten by snails"
    " and what was given away. Most weeks the notebook fills faster than the beds.",
    "Some of the gardeners grew up on farms; others had never held a trowel. The newcomers"
    " learn by watching, and the old hands admit they have learned things too, such as how"
    " well a row of marigolds keeps the aphids off the beans.",
)
GARDEN_72 = "\n".join(wrap(p, 72) for p in GARDEN)
GARDEN_56 = "\n".join(wrap(p, 56) for p in GARDEN)
GARDEN_HEAD = lines("Forty beds on Larch Street", "")

# The copy ends with an extra blank line: it stays, the blank line in front goes.
case(
    "en_rewrapped_copy",
    GARDEN_HEAD + GARDEN_72 + "\nReprinted from the Larch Street Newsletter\n\n" + GARDEN_56 + "\n",
    GARDEN_HEAD + GARDEN_72 + "\nReprinted from the Larch Street Newsletter\n" + "\n",
)

PARKS_HEAD = ("Parks department announces winter opening hours",)
PARKS = long_lines(
    "From the first Monday of November, all city parks will open at 7 in the morning and"
    " close at 5 in the afternoon, an hour earlier than in summer, the parks department said"
    " on Wednesday.",
    "The skating rink at Riverside Park will open on 1 December if the weather allows, and"
    " will stay open until 9 in the evening on Fridays and Saturdays. Skates can be borrowed"
    " free of charge with a library card.",
    "The department asked visitors not to walk on the frozen pond in the botanical garden,"
    " which is not checked for thickness, and reminded dog owners that the lead rule applies"
    " all year round.",
)
CRLF_FIRST = lines(*PARKS_HEAD, "", *PARKS, "", EN_SOURCE, eol="\r\n")
case(
    "en_crlf_doubled",
    CRLF_FIRST + lines("", *PARKS, eol="\r\n"),
    CRLF_FIRST,
)

BAKERY = (
    "The bakery on Quay Road will close for two weeks in August while its ovens are replaced."
    " The owners say the new ovens use a third less gas and will let them bake rye bread"
    " again, which they stopped making in 2019.",
    "Regular customers can still order bread for weddings and birthdays during the closure."
    " Orders should be placed by phone at least three days ahead and can be collected from"
    " the cafe next door.",
)
BAKERY_TYPOS = (
    "The bakery on Quay Raod will close for two weeks in August while its ovens are replaced."
    " The owners say the new ovens use a third less gas and will let them bake rye bread"
    " agian, which they stoped making in 2019.",
    "Regular customers can still order bread for weddings and birthdays durng the closure."
    " Orders should be placed by phone at least three days ahead and can be colected from"
    " teh cafe next door.",
)
BAKERY_FIRST = lines("Bakery closes for new ovens", "") + "\n".join(wrap(p, 78) for p in BAKERY)
# The blank line in front of the copy holds spaces; it is still blank, and it goes.
case(
    "en_typos_copy",
    BAKERY_FIRST + "\nQuay Road Bulletin\n   \n" + "\n".join(wrap(p, 78) for p in BAKERY_TYPOS),
    BAKERY_FIRST + "\nQuay Road Bulletin\n",
)

QUOTES_STRAIGHT = long_lines(
    "\"It's not a museum, it's a workshop,\" said the clockmaker, who has repaired watches"
    " in the same narrow shop for 31 years - longer than any of his neighbours have traded.",
    "He keeps a drawer of parts he calls 'orphans': springs, hands and tiny screws from"
    " watches that were never collected... He says he cannot bring himself to throw them out.",
)
QUOTES_CURLY = (
    "“It’s not a museum, it’s a workshop,” said the clockmaker, who has repaired watches"
    " in the same narrow shop for 31 years—longer than any of his neighbours have traded.",
    "He keeps a drawer of parts he calls ‘orphans’: springs, hands and tiny screws from"
    " watches that were never collected… He says he cannot bring himself to throw them out.",
)
QUOTES_FIRST = lines("The clockmaker of Mill Lane", "", *QUOTES_STRAIGHT, "", "Example Times. com")
case(
    "en_curly_quotes_copy",
    QUOTES_FIRST + lines("", *QUOTES_CURLY),
    QUOTES_FIRST,
)

# Arabic: the copy adds harakat, tanwin, shadda and tatweel, writes bare alef for
# hamzated alef, and Arabic-Indic digits for ASCII digits.
AR2_PARAS = long_lines(
    "أعلنت إدارة المكتبة العامة في المدينة أنها ستفتح أبوابها مساء كل خميس حتى الساعة 10"
    " ليلا، استجابة لطلبات الطلاب الذين يبحثون عن مكان هادئ للمذاكرة قبل الامتحانات.",
    "وأضافت الإدارة أن القاعة الكبرى ستخصص للقراءة الصامتة، بينما تبقى غرفة الأطفال مفتوحة"
    " حتى الساعة 8 مساء، مع برنامج أسبوعي لرواية القصص يقدمه متطوعون من الحي.",
    "وتضم المكتبة أكثر من 40 ألف كتاب، إلى جانب أرشيف للصحف المحلية يعود إلى عام 1952،"
    " ويمكن للزوار تصفحه بعد التسجيل المجاني عند مكتب الاستقبال.",
)
AR2_COPY = (
    "أَعلَنت ادارة المكتبةِ العامّة في المـدينة أنها ستَفتح أبوابها مساءَ كلّ خميس حتى الساعة ١٠"
    " ليلاً، استجابةً لطلبات الطلاب الذين يبحثون عن مكانٍ هادئ للمذاكرة قبل الامتحانات.",
    "واضافت الإدارة أنّ القاعة الكُبرى ستُخصّص للقراءة الصامتـة، بينما تبقى غرفة الأطفال مفتوحة"
    " حتى الساعة ٨ مساءً، مع برنامجٍ أسبوعيّ لرواية القصص يقدّمه متطوّعون من الحيّ.",
    "وتضمّ المكتبـة اكثر من ٤٠ ألف كتاب، إلى جانب أرشيفٍ للصحف المحلية يعود إلى عام ١٩٥٢،"
    " ويمكن للزوّار تصفّحه بعد التسجيل المجانيّ عند مكتب الاستقبال.",
)
assert all(columns(x) > 100 for x in AR2_COPY)
AR2_FIRST = lines("المكتبة العامة تمدد ساعات العمل مساء الخميس", "", *AR2_PARAS, "", AR_SOURCE)
case(
    "ar_harakat_tatweel_copy",
    AR2_FIRST + lines("", *AR2_COPY),
    AR2_FIRST,
)

# French: the first copy is NFC (precomposed letters); the copy is NFD, written here with
# explicit combining marks (U+0301 acute, U+0300 grave, U+0302 circumflex, U+0327 cedilla).
FR_NFC = long_lines(
    "Le marché couvert de la place des Tilleuls rouvrira le 12 mars après huit mois de"
    " travaux. La toiture, abîmée par la grêle, a été entièrement refaite et les étals"
    " ont été déplacés pour élargir les allées.",
    "Les commerçants ont reçu la garantie que leurs emplacements seraient conservés. Seule"
    " la fromagère a demandé à être installée près de l'entrée, où elle espère être plus"
    " visible depuis la rue.",
    "Pour fêter la réouverture, la mairie prévoit un concert de fanfare à 11 heures et une"
    " dégustation de crêpes préparées par les élèves du lycée hôtelier voisin.",
)
FR_NFD = (
    "Le marche\u0301 couvert de la place des Tilleuls rouvrira le 12 mars apre\u0300s huit"
    " mois de travaux. La toiture, abi\u0302me\u0301e par la gre\u0302le, a e\u0301te\u0301"
    " entie\u0300rement refaite et les e\u0301tals ont e\u0301te\u0301 de\u0301place\u0301s"
    " pour e\u0301largir les alle\u0301es.",
    "Les commerc\u0327ants ont rec\u0327u la garantie que leurs emplacements seraient"
    " conserve\u0301s. Seule la fromage\u0300re a demande\u0301 a\u0300 e\u0302tre"
    " installe\u0301e pre\u0300s de l'entre\u0301e, ou\u0300 elle espe\u0300re e\u0302tre"
    " plus visible depuis la rue.",
    "Pour fe\u0302ter la re\u0301ouverture, la mairie pre\u0301voit un concert de fanfare a\u0300"
    " 11 heures et une de\u0301gustation de cre\u0302pes pre\u0301pare\u0301es par les"
    " e\u0301le\u0300ves du lyce\u0301e ho\u0302telier voisin.",
)
for _nfc, _nfd in zip(FR_NFC, FR_NFD, strict=True):
    assert _nfc != _nfd and unicodedata.normalize("NFC", _nfd) == _nfc
    assert unicodedata.normalize("NFD", _nfc) == _nfd
FR_FIRST = lines("Le marché des Tilleuls rouvre ses portes", "", *FR_NFC, "", "Source : Le Courrier d'Exemple")
case(
    "fr_nfd_copy",
    FR_FIRST + lines("", *FR_NFD),
    FR_FIRST,
)

# --------------------------------------------------------------------------------------
# Partial repeats inside one document.
# --------------------------------------------------------------------------------------

ES = (
    "La biblioteca del barrio de San Lorenzo ampliará su horario a partir de octubre. Abrirá"
    " también los sábados por la mañana, cuando hasta ahora permanecía cerrada.",
    "Para inscribirse en los talleres de lectura basta con presentar un documento de"
    " identidad en el mostrador de la entrada. Las plazas son limitadas y se asignan por"
    " orden de llegada.",
    "El ayuntamiento ha prometido renovar el mobiliario de la sala infantil antes de final"
    " de año, una petición que las familias del barrio llevaban tiempo repitiendo.",
)
ES_WRAPPED = [wrap(p, 80) for p in ES]
# The second paragraph was pasted three times: the two later copies go, each with the
# blank line in front of it (each copy is a whole block).
case(
    "es_paragraph_thrice",
    lines("Novedades de la biblioteca", "")
    + "\n".join([ES_WRAPPED[0], ES_WRAPPED[1], ES_WRAPPED[1], ES_WRAPPED[1], ES_WRAPPED[2]]),
    lines("Novedades de la biblioteca", "") + "\n".join(ES_WRAPPED),
)

SECTIONS = (
    (
        "1. Where the money came from",
        "The repairs to the community hall were paid for by a grant from the county, a bake"
        " sale that ran for six Saturdays, and a single anonymous donation that covered the"
        " cost of the new boiler.",
    ),
    (
        "2. What was done",
        "Volunteers stripped and sealed the floor, the roof was patched in two places, and an"
        " electrician replaced the wiring in the kitchen. The old stage curtains were cleaned"
        " rather than thrown away.",
    ),
    (
        "3. What is still missing",
        "The hall still has no ramp at the side door, and the toilets are not accessible to"
        " wheelchair users. Both are the first items on next year's list.",
    ),
    (
        "4. How to book the hall",
        "Bookings are taken by the caretaker on weekday mornings. Local groups pay nothing for"
        " daytime use; private parties pay a flat fee that goes back into the repair fund.",
    ),
)


def section(title: str, body: str) -> str:
    return title + "\n\n" + wrap(body, 76)


S1, S2, S3, S4 = (section(*s) for s in SECTIONS)
# Sections 2 and 3 appear again after section 3: one run of four paragraphs goes.
case(
    "en_middle_section_repeated",
    lines("Community hall report", "") + "\n".join([S1, S2, S3, S2, S3, S4]),
    lines("Community hall report", "") + "\n".join([S1, S2, S3, S4]),
)

COOKIE = (
    "We use cookies to remember your settings and to understand which pages are read. By"
    " continuing to browse this site you accept our use of cookies."
)
SUBSCRIBE = "Enjoying this story? Subscribe for 1 dollar a week to read without limits."
BP = long_lines(
    "A small ferry that links the two halves of Lindholm island will run through the winter"
    " for the first time this year, after the island council agreed to cover its fuel costs.",
    "Until now the ferry stopped in October, and islanders living on the northern half had to"
    " drive almost an hour around the bay to reach the school, the clinic and the only shop.",
    "The council expects about 70 crossings a week. A timetable will be posted at both"
    " landings and on the island's website by the end of the month.",
    "The ferry's captain, who has worked the route for nineteen summers, said she was looking"
    " forward to seeing the crossing in the dark months, though not to the wind.",
    "Residents have been asked to share a car where they can, as the ferry carries only six"
    " vehicles at a time and the morning crossings are expected to be full.",
    "The council will review the winter service in March and decide, after hearing from the"
    " islanders, whether to keep it in future years.",
)
# In the long-line block the second cookie line is a paragraph that ends inside its block:
# it goes alone. The second subscribe line is a block of its own: it goes with the blank
# line in front of it.
case(
    "en_boilerplate_repeated",
    lines(
        "Winter ferry for Lindholm",
        "",
        BP[0],
        BP[1],
        COOKIE,
        BP[2],
        "",
        SUBSCRIBE,
        "",
        BP[3],
        COOKIE,
        BP[4],
        "",
        SUBSCRIBE,
        "",
        BP[5],
    ),
    lines(
        "Winter ferry for Lindholm",
        "",
        BP[0],
        BP[1],
        COOKIE,
        BP[2],
        "",
        SUBSCRIBE,
        "",
        BP[3],
        BP[4],
        "",
        BP[5],
    ),
)

# --------------------------------------------------------------------------------------
# Hard negatives: similar but legitimate text. Expected == input, byte for byte.
# --------------------------------------------------------------------------------------

case(
    "en_numbers_differ",
    lines(
        "Live: storm on the northern coast",
        "",
        "Update, 06:40",
        "",
        "At least 12 people were killed and about 300 homes were damaged when the storm reached"
        " the northern coast overnight, regional officials said.",
        "",
        "Update, 09:15",
        "",
        "At least 21 people were killed and about 300 homes were damaged when the storm reached"
        " the northern coast overnight, regional officials said.",
        "",
        "Update, 11:30",
        "",
        "At least 21 people were killed and about 1,200 homes were damaged when the storm"
        " reached the northern coast overnight, regional officials said.",
        "",
        "Markets",
        "",
        "Shares in the regional power company fell 3.2 percent in early trading as crews worked"
        " to restore electricity to the coastal towns.",
        "",
        "Shares in the regional power company fell 2.3 percent in early trading as crews worked"
        " to restore electricity to the coastal towns.",
        "",
        "Football",
        "",
        "The match between the two coastal clubs went ahead despite the weather; the home side"
        " won 3-1 in front of a crowd of 4,000.",
        "",
        "The match between the two coastal clubs went ahead despite the weather; the home side"
        " won 1-3 in front of a crowd of 4,000.",
    ),
)

case(
    "en_shared_opening",
    lines(
        "Notes from the residents' association, spring meeting",
        "",
        "The committee agreed at the spring meeting to ask the council for a second recycling"
        " bin at the end of Orchard Row, where the single bin overflows every weekend.",
        "",
        "The committee agreed at the spring meeting to ask the council for a second street"
        " lamp at the end of Orchard Row, where the single lamp fails every winter.",
        "",
        "The committee agreed at the spring meeting to ask the council for a second recycling"
        " collection each month during the summer, when tourists double the town's rubbish.",
        "",
        "The committee agreed at the spring meeting that the bench by the pond should be"
        " repainted by volunteers rather than replaced, since its frame is still sound.",
        "",
        "The committee agreed at the spring meeting that the next meeting will be held in the"
        " school hall, because the library's reading room is too small for the numbers.",
    ),
)

# Every repeat here is a run under 40 normalised characters: the separator, the "Note:"
# label (a paragraph of its own, since the note after it is a long line), the signature
# and identical table rows (one paragraph each, since the table's header is a long line).
TABLE_HEAD = (
    "| Walk leader | Route        | Remarks from the volunteers who came along on the Tuesday"
    " walks this month |"
)
ROW_MARTA = "| Marta | river loop |"
ROW_JONAS = "| Jonas | hill path |"
NOTE_ONE, NOTE_TWO = long_lines(
    "The tool library is closed on the first Saturday of every month for stocktaking, so please"
    " return borrowed tools by the Friday before.",
    "The reading group now meets in the back room of the cafe on Dock Street, which the owners"
    " have offered us for free as long as we order a pot of tea.",
)
case(
    "en_legit_short_repeats",
    lines(
        "Volunteer newsletter, October",
        "",
        "---",
        "",
        "Note:",
        NOTE_ONE,
        "",
        "Thank you to everyone who came to the clean-up on the riverbank. We filled",
        "thirty-one bags and found a bicycle that had been in the water for years.",
        "",
        "With thanks,",
        "Marta",
        "",
        "---",
        "",
        "Note:",
        NOTE_TWO,
        "",
        "Please bring your own copy of the book; the library has only two, and both",
        "are already out on loan.",
        "",
        "With thanks,",
        "Marta",
        "",
        "---",
        "",
        "Who led the Tuesday walks:",
        "",
        TABLE_HEAD,
        ROW_MARTA,
        ROW_MARTA,
        ROW_JONAS,
        ROW_MARTA,
        ROW_JONAS,
        ROW_JONAS,
        "",
        "---",
    ),
)

# --------------------------------------------------------------------------------------
# Options: the same light edit with the default threshold and with a stricter one.
# The copy differs by typos and punctuation only (noise: every word of it is in the
# first copy, give or take a typo), so it is a near match at 0.90 and not at 0.95.
# --------------------------------------------------------------------------------------

EDIT_FIRST = long_lines(
    "The regional orchestra will play its last concert of the season on 28 June in the"
    " cathedral square, weather permitting, with a programme of dances chosen by the audience.",
    "Tickets went on sale this morning and about 600 of the 900 seats were sold within two"
    " hours, the orchestra's manager said, adding that standing places will be free.",
)
EDIT_SECOND = (
    "The reigonal orchestra will play it's last concert of the season on 28 June, in the"
    " cathedral sqaure; weather permiting - with a programme of dances chosen by the audeince!",
    "Tickets went on sale this mornig and about 600 of the 900 seats were sold whithin two"
    " hours - the orchestras manager said; adding that standing plcaes will be free!",
)
EDIT_TEXT = lines("Orchestra ends its season outdoors", "", *EDIT_FIRST, "", "Posted in: Music") + lines(
    "", *EDIT_SECOND
)
case(
    "en_light_edit",
    EDIT_TEXT,
    lines("Orchestra ends its season outdoors", "", *EDIT_FIRST, "", "Posted in: Music"),
)
case("en_light_edit_strict", EDIT_TEXT, threshold=0.95)

# A paraphrase is not a copy: within the threshold's edits (similarities about 0.92
# and 0.90, same numbers), but it says "allowing", "picked", "roughly" and "would"
# where the first says "permitting", "chosen", "about" and "will", and drops "were".
# Removing it would lose those words: it stays.
PARAPHRASE = (
    "The regional orchestra will play its last concert of the season on 28 June in the"
    " cathedral square, weather allowing, with a programme of dances picked by the audience.",
    "Tickets went on sale this morning and roughly 600 of the 900 seats sold within two"
    " hours, the orchestra's manager said, adding that standing places would be free.",
)
case(
    "en_paraphrase_kept",
    lines("Orchestra ends its season outdoors", "", *EDIT_FIRST, "", "Posted in: Music") + lines("", *PARAPHRASE),
)

# With unit=line every non-blank line is a paragraph, so an item pasted twice inside a
# short-lined list goes (in auto each "- " line is a list item, a unit too, so it would
# go there as well).
NOTES_FIXED = (
    "- The export dialog no longer freezes when a file name contains a colon.",
    "- Dates in the weekly report now follow the language chosen in the settings.",
    "- Scrolling a long table with the keyboard keeps the selected row in view.",
)
NOTES_CHANGED = (
    "- The default font size of printed reports is now 11 points.",
    "- Backups are kept for 30 days instead of 14.",
)
case(
    "en_list_unit_line",
    lines(
        "Release notes, version 2.4",
        "",
        "Fixed:",
        NOTES_FIXED[0],
        NOTES_FIXED[1],
        NOTES_FIXED[0],
        NOTES_FIXED[2],
        "",
        "Changed:",
        *NOTES_CHANGED,
    ),
    lines(
        "Release notes, version 2.4",
        "",
        "Fixed:",
        *NOTES_FIXED,
        "",
        "Changed:",
        *NOTES_CHANGED,
    ),
    unit="line",
)

# With unit=paragraph each block is one paragraph: the reply that quotes a line of the
# first post is a different block, and stays.
FORUM_POST = long_lines(
    "Has anyone managed to grow tomatoes on a north-facing balcony? Mine flower every year but"
    " the fruit stays small and green until the first frost.",
    "I water them every evening and feed them once a week with the liquid fertiliser from the"
    " garden centre, so I do not think they are starving.",
)
FORUM_REPLY = long_lines(
    "> I water them every evening and feed them once a week with the liquid fertiliser from"
    " the garden centre, so I do not think they are starving.",
    "Watering every evening may be too much on a shady balcony. Try a cherry variety and let"
    " the soil dry out a little between waterings; mine ripened by late August.",
)
case(
    "en_quoted_reply_unit_paragraph",
    lines(
        "Balcony tomatoes",
        "",
        "Posted by fern_and_stone:",
        *FORUM_POST,
        "",
        "Reply from old_allotment:",
        *FORUM_REPLY,
    ),
    unit="paragraph",
)

# --------------------------------------------------------------------------------------
# Line endings at the byte level.
# --------------------------------------------------------------------------------------

NOTICE = (
    "The water supply on Fennel Street will be turned off on Thursday from 9 until 13 while"
    " the main under the crossing is replaced.",
    "Residents are advised to fill a few bottles the evening before. A tanker will stand at"
    " the corner of Fennel Street and Mint Lane for the whole morning.",
)
NOTICE_ONE = wrap(NOTICE[0], 70)
NOTICE_TWO = wrap(NOTICE[1], 70)
REMINDER = "Thank you for your patience."
# The second notice is pasted again before the last line; the last line has no newline
# and keeps none.
case(
    "en_no_final_newline",
    lines("Water works on Fennel Street", "") + NOTICE_ONE + "\n" + NOTICE_TWO + "\n" + NOTICE_TWO
    + "\n" + REMINDER,
    lines("Water works on Fennel Street", "") + NOTICE_ONE + "\n" + NOTICE_TWO + "\n" + REMINDER,
)

# The copy is the last thing in the file and has no final newline: the output ends with
# the source line's own newline.
case(
    "en_tail_copy_no_final_newline",
    EN_HEAD + "\n" + EN_BODY + "\n" + EN_SOURCE + "\n\n" + EN_BODY[:-1],
    EN_HEAD + "\n" + EN_BODY + "\n" + EN_SOURCE + "\n",
)

MINUTES = long_lines(
    "Twelve households were represented at the meeting, which took place in the laundry room"
    " because the hall on the ground floor was being painted.",
    "The caretaker reported that the lift had been repaired and inspected, and asked residents"
    " to report any strange noise at once instead of waiting for the monthly visit.",
    "It was agreed to collect money for a new doormat and a second bicycle rack, and to hold"
    " the next meeting in the hall once the paint has dried.",
)
# A lone "\r" inside a line does not end it; neither does U+2028. The first copy uses LF,
# except a lone CR in its second line; the copy mixes CRLF and LF.
MIXED_FIRST = (
    "Minutes of the residents' meeting\u2028Block C\n"
    + "\n"
    + MINUTES[0]
    + "\n"
    + MINUTES[1].replace(" at once", "\rat once")
    + "\n"
    + MINUTES[2]
    + "\n"
    + "\n"
    + "Forwarded by the secretary:\r\n"
)
case(
    "mixed_line_endings",
    MIXED_FIRST + "\r\n" + MINUTES[0] + "\r\n" + MINUTES[1] + "\n" + MINUTES[2] + "\r\n",
    MIXED_FIRST,
)


# --------------------------------------------------------------------------------------
# Issue 13: a removal loses no content and breaks no structure. Hard negatives for each
# class of wrong removal, and the copies that must still go.
# --------------------------------------------------------------------------------------

# Class 1: decoration weighs nothing. Rules and borders repeat; none reaches 40 letters.
RULE = "=" * 72
COLUMNS_RULE = "-------------------  -------------------  -------------------"
case(
    "en_rules_kept",
    lines(
        "Station log, week 12",
        RULE,
        "",
        "Day                  Readings             Notes",
        COLUMNS_RULE,
        "Monday               14                   calm",
        "Tuesday              19                   rain from noon",
        COLUMNS_RULE,
        "",
        "├────────────┼────────────┼────────────┼────────────┤",
        "",
        "Summary of the week, written by the warden on Sunday evening.",
        RULE,
        "",
        "├────────────┼────────────┼────────────┼────────────┤",
        "",
        RULE,
    ),
)

# Class 2: near copies that change a word, a name, a version, an ID or a negation.
# Each pair is within the default threshold's edits; each says something else.
WORD_CHANGES = (
    ("Run systemctl start nginx.service to bring the web server up again after the update.",
     "Run systemctl stop nginx.service to bring the web server up again after the update."),
    ("The regression test for this case lives in src/checks/branch/when_true_void.cpp today.",
     "The regression test for this case lives in src/checks/branch/when_false_void.cpp today."),
    ("mytool (5.1~beta1-1) unstable; urgency=medium, with the usual fixes for the build farm",
     "mytool (5.1~rc1-1) unstable; urgency=medium, with the usual fixes for the build farm"),
    ("Permission to copy and share this work is granted by the authors, free of charge, to all.",
     "Permission to copy and share this work is granted by the university, free of charge, to all."),
    ("Winner of the women's title in 2007 at the national championships held in the north.",
     "Winner of the men's title in 2007 at the national championships held in the north."),
    ("The inspectors said the old bridge is safe for heavy lorries in every kind of weather.",
     "The inspectors said the old bridge is not safe for heavy lorries in every kind of weather."),
)
case("en_word_changes_kept", "\n".join(line for pair in WORD_CHANGES for line in (pair[0] + "\n", pair[1] + "\n")))
# hex IDs one letter apart, as in a hardware ID table (one line each, over 100 columns)
HEX_ROWS = long_lines(
    "005a  Storage controller of the second generation, with the wide bus, the dual port option and a quiet fan",
    "005b  Storage controller of the second generation, with the wide bus, the dual port option and a quiet fan",
)
case("en_hex_ids_kept", lines(*HEX_ROWS))

# Class 4: exact repeats that belong where they stand. The same item under two versions
# of a changelog, and a refrain.
CHANGELOG_ITEM = "  * Fix the build on big-endian machines where the test suite used to time out."
case(
    "en_changelog_items_kept",
    lines(
        "mytool (2.1-1) unstable; urgency=medium",
        "",
        "  * New upstream release, with support for the new archive format.",
        CHANGELOG_ITEM,
        "",
        " -- Ada Example <ada@example.org>  Mon, 02 Mar 2026 10:00:00 +0000",
        "",
        "mytool (2.1~rc1-1) experimental; urgency=medium",
        "",
        "  * New upstream release candidate, with support for the new archive format.",
        CHANGELOG_ITEM,
        "",
        " -- Ada Example <ada@example.org>  Mon, 09 Feb 2026 10:00:00 +0000",
    ),
)
REFRAIN = "And the river keeps its promise to the valley, year after year."
case(
    "en_refrain_kept",
    lines(
        "The first light came down the mountain and found the sleeping town.",
        "",
        REFRAIN,
        "",
        "The shepherds led their flocks along the old road to the high meadows.",
        "",
        REFRAIN,
        "",
        "At evening the lamps were lit and the children came home from the fields.",
        "",
        REFRAIN,
    ),
)

# Class 5: a Persian copy retyped with Arabic letters (ي for ی, ك for ک) is a copy.
FA_FIRST = long_lines(
    "کتابخانه مرکزی شهر از شنبه آینده ساعت کار خود را تا نیمه شب افزایش می دهد تا دانشجویان در روزهای امتحان جای بیشتری برای مطالعه داشته باشند.",
    "به گفته مدیر کتابخانه، سالن های مطالعه طبقه دوم نیز برای نخستین بار در روزهای تعطیل باز خواهد بود و کارت عضویت برای ورود کافی است.",
)
FA_RETYPED = tuple(line.replace("ی", "ي").replace("ک", "ك") for line in FA_FIRST)
assert FA_RETYPED != FA_FIRST
case(
    "fa_retyped_copy",
    lines("ساعت کار تازه کتابخانه", "", *FA_FIRST, "", "Example Times. com", "", *FA_RETYPED),
    lines("ساعت کار تازه کتابخانه", "", *FA_FIRST, "", "Example Times. com"),
)


# --------------------------------------------------------------------------------------


def generate(outdir: Path | str) -> list[Path]:
    """Write every case into ``outdir``; return the paths written, sorted."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for c in CASES:
        files = {f"{c.name}.txt": c.text, f"{c.name}.expected.txt": c.expected}
        if c.options:
            files[f"{c.name}.options.json"] = json.dumps(c.options, sort_keys=True) + "\n"
        for filename, content in files.items():
            path = outdir / filename
            path.write_bytes(content.encode("utf-8"))
            written.append(path)
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    outdir = Path(args[0]) if args else Path(__file__).resolve().parent
    for path in generate(outdir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
