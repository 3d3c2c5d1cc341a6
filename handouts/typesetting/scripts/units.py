"""Language → the words that count a number in Burmese, Khmer and Lao (units and classifiers),
and the month names and eras that a date's numbers stand next to.

A dose must not part from what it counts: ``ဆေး ၅၀၀ |မီလီဂရမ်`` (500 | milligrams) read at a
line end is a dose without its unit. :mod:`handouts.typesetting.segment` keeps a number (native
or ASCII digits) with the word after it, and that word whole, when the word starts with one of
these (the rule Thai has for its unit words and classifiers; Latin units are in ``segment``).

All three languages put the counting word after the number (``ဆေး ၂ ပြား``, ``ថ្នាំ ២ គ្រាប់``,
``ຢາ 2 ເມັດ``: medicine, 2, tablet), so a word that merely begins with one of these after a
number is kept with it too: harmless, it only means one break fewer.

Sources: the unit names are CLDR's (long and short forms, as Babel's ``format_unit`` prints them
for ``my``, ``km`` and ``lo``: a test checks they are all here), with the spellings also in
common use beside them; the classifiers (tablet, capsule, drop, spoon, times) are the ones
medicine labels and dosage instructions use in each language (Myanmar: ``ဆေးပြား`` tablet,
``ဆေးလုံး`` pill, ``ဆေးတောင့်`` capsule; Khmer: ``គ្រាប់`` for any pill; Lao: ``ເມັດ``).
"""

from __future__ import annotations

COUNTING_WORDS: dict[str, tuple[str, ...]] = {
    "my": (  # Burmese
        "မီလီဂရမ်",  # milligram (CLDR)
        "မိုက်ခရိုဂရမ်", "မိုက်ခရို ဂရမ်",  # microgram (CLDR writes a space)
        "ဂရမ်",  # gram
        "ကီလိုဂရမ်", "ကီလို",  # kilogram, "kilo"
        "မီလီလီတာ",  # millilitre
        "လီတာ",  # litre
        "စီစီ",  # cc
        "ယူနစ်",  # unit (insulin)
        "ပြား",  # flat things: tablets (ဆေးပြား)
        "လုံး",  # round things: pills (ဆေးလုံး)
        "တောင့်",  # capsules (ဆေးတောင့်)
        "ဇွန်း", "လက်ဖက်ရည်ဇွန်း", "စားပွဲဇွန်း",  # spoon, teaspoon, tablespoon
        "စက်",  # drops
        "ခွက်",  # cups
        "ထုပ်",  # packets, sachets
        "ပုလင်း",  # bottles
        "ကြိမ်", "ခါ",  # times (တစ်နေ့ ၃ ကြိမ်: three times a day)
        "ရက်", "နေ့",  # days
        "နာရီ",  # hours
        "မိနစ်",  # minutes
        "စက္ကန့်",  # seconds
        "ပတ်",  # weeks
        "လ",  # months
        "နှစ်",  # years
        "စင်တီမီတာ", "မီလီမီတာ",  # centimetre, millimetre
        "ဒီဂရီ စင်တီဂရိတ်", "ဒီဂရီ",  # degrees Celsius (CLDR), degrees
        "ရာခိုင်နှုန်း",  # per cent
    ),  # fmt: skip
    "km": (  # Khmer
        "មិល្លីក្រាម", "មីលីក្រាម",  # milligram (CLDR; the other common spelling)
        "មីក្រូក្រាម",  # microgram
        "ក្រាម",  # gram
        "គីឡូក្រាម", "គីឡូ",  # kilogram, "kilo"
        "មិល្លីលីត្រ", "មីលីលីត្រ",  # millilitre
        "លីត្រ",  # litre
        "ឯកតា",  # unit (insulin)
        "គ្រាប់",  # pills, tablets, capsules
        "ស្លាបព្រាកាហ្វេ", "ស្លាបព្រាបាយ", "ស្លាបព្រា",  # teaspoon, tablespoon, spoon
        "តំណក់", "ដំណក់",  # drops (both spellings)
        "កែវ", "ពែង",  # glasses, cups
        "កញ្ចប់",  # packets
        "ដប",  # bottles
        "ដង",  # times (៣ ដង ក្នុងមួយថ្ងៃ: three times a day)
        "ថ្ងៃ",  # days
        "ម៉ោង",  # hours
        "នាទី",  # minutes
        "វិនាទី",  # seconds
        "សប្ដាហ៍", "សប្តាហ៍", "អាទិត្យ",  # weeks (CLDR's, its ត spelling, the everyday word)
        "ខែ",  # months
        "ឆ្នាំ",  # years
        "សង់ទីម៉ែត្រ", "មិល្លីម៉ែត្រ", "ម៉ែត្រ", "ស.ម", "សម", "មម",  # cm, mm, m (long, short)
        "អង្សាសេ", "អង្សា",  # degrees Celsius, degrees
        "ភាគរយ",  # per cent
    ),  # fmt: skip
    "lo": (  # Lao
        "ມິນລີກຣາມ", "ມິນລິກຣາມ", "ມິລລິກຣາມ", "ມກ",  # milligram (CLDR long and short, spellings)
        "ກຣາມ", "ກຼາມ", "ກຼ",  # gram (long, the ຼ spelling, CLDR short)
        "ກິໂລກຣາມ", "ກິໂລ", "ກລ",  # kilogram
        "ມິນລີລິດ", "ມິນລິລິດ", "ມິລລິລິດ", "ມລ",  # millilitre
        "ລິດ",  # litre
        "ຫົວໜ່ວຍ",  # unit (insulin)
        "ເມັດ",  # tablets, pills
        "ແຄັບຊູນ", "ແຄບຊູນ",  # capsules
        "ບ່ວງກາເຟ", "ບ່ວງແກງ", "ບ່ວງ",  # teaspoon, tablespoon, spoon
        "ຢອດ",  # drops
        "ຈອກ", "ແກ້ວ",  # cups, glasses
        "ຊອງ",  # packets
        "ຂວດ",  # bottles
        "ເທື່ອ", "ຄັ້ງ",  # times (ມື້ລະ 3 ເທື່ອ: three times a day)
        "ມື້", "ວັນ", "ມ.",  # days (CLDR long, the other word, CLDR narrow)
        "ຊົ່ວໂມງ", "ຊມ",  # hours (also CLDR's short centimetre)
        "ນາທີ", "ນທ",  # minutes
        "ວິນາທີ", "ວິ",  # seconds
        "ອາທິດ", "ອທ.",  # weeks
        "ເດືອນ", "ດ.",  # months
        "ປີ", "ປ",  # years
        "ຊັງຕີແມັດ", "ມິນລິແມັດ", "ແມັດ", "ມມ",  # cm, mm, m
        "ອົງສາ",  # degrees
        "ເປີເຊັນ",  # per cent
    ),  # fmt: skip
}

# Month names (CLDR's wide names, as Babel and handouts' own dates print them: "2026 နိုဝင်ဘာ 1",
# "1 វិច្ឆិកា 2026", "1 ພະຈິກ 2026"; Lao's abbreviations too, which carry dots). A date's day and year
# stay with its month. Burmese's abbreviations are left out: ဒီ ("this"), စက် (a drop), ဖေ, မေ are
# everyday words.
MONTHS: dict[str, tuple[str, ...]] = {
    "my": ("ဇန်နဝါရီ", "ဖေဖော်ဝါရီ", "မတ်", "ဧပြီ", "မေ", "ဇွန်", "ဇူလိုင်", "ဩဂုတ်", "စက်တင်ဘာ",
           "အောက်တိုဘာ", "နိုဝင်ဘာ", "ဒီဇင်ဘာ"),
    "km": ("មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា", "កក្កដា", "សីហា", "កញ្ញា", "តុលា",
           "វិច្ឆិកា", "ធ្នូ"),
    "lo": ("ມັງກອນ", "ກຸມພາ", "ມີນາ", "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ",
           "ພະຈິກ", "ທັນວາ", "ມ.ກ.", "ກ.ພ.", "ມ.ນ.", "ມ.ສ.", "ພ.ພ.", "ມິ.ຖ.", "ກ.ລ.", "ສ.ຫ.", "ກ.ຍ.",
           "ຕ.ລ.", "ພ.ຈ.", "ທ.ວ."),
}  # fmt: skip

# Eras written before a year ("ព.ស. 2569"; handouts' Buddhist-era dates, i18n.languages), kept
# with the year and with the month before them.
ERAS: dict[str, tuple[str, ...]] = {
    "my": ("သာသနာနှစ်", "ခရစ်နှစ်"),  # Buddhist era (sāsana year), Christian era
    "km": ("ព.ស.", "គ.ស."),  # Buddhist era, Christian era
    "lo": ("ພ.ສ.", "ຄ.ສ."),  # Buddhist era, Christian era
}
