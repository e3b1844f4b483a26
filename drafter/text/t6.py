"""Bluebook name and title rules: T6 abbreviations, institutional authors, R8 capitalization.

T6 ("Case Names and Institutional Authors in Citations") abbreviates words in case names and
institutional authors when they appear in a citation; running text keeps them whole. R8
capitalizes the words of a title except articles, conjunctions and short prepositions.
"""

from __future__ import annotations

import functools
import re

# The Bluebook (21st ed.) table T6, plus the T9 words for legislative bodies used in hearing
# citations ("S. Comm. on Com., Sci., & Transp."). Plurals and the listed variants map to the
# same abbreviation. "and" becomes "&".
_T6 = {
    "Academy": "Acad.", "Administration": "Admin.", "Administrative": "Admin.",
    "Administrator": "Adm'r", "Administratrix": "Adm'x", "Advertising": "Advert.",
    "Agricultural": "Agric.", "Agriculture": "Agric.", "Alternative": "Alt.",
    "America": "Am.", "American": "Am.", "Associate": "Assoc.", "Association": "Ass'n",
    "Atlantic": "Atl.", "Authority": "Auth.", "Automobile": "Auto.", "Automotive": "Auto.",
    "Avenue": "Ave.", "Bankruptcy": "Bankr.", "Board": "Bd.", "Broadcasting": "Broad.",
    "Broadcast": "Broad.", "Brotherhood": "Bhd.", "Brothers": "Bros.", "Building": "Bldg.",
    "Business": "Bus.", "Casualty": "Cas.", "Center": "Ctr.", "Centre": "Ctr.",
    "Central": "Cent.", "Chemical": "Chem.", "Coalition": "Coal.", "College": "Coll.",
    "Commerce": "Com.", "Commission": "Comm'n", "Commissioner": "Comm'r",
    "Committee": "Comm.", "Communication": "Commc'n", "Communications": "Commc'ns",
    "Community": "Cmty.", "Company": "Co.", "Compensation": "Comp.",
    "Condominium": "Condo.", "Congress": "Cong.", "Congressional": "Cong.",
    "Consolidated": "Consol.", "Construction": "Constr.", "Continental": "Cont'l",
    "Cooperative": "Coop.", "Corporation": "Corp.", "Correction": "Corr.",
    "Corrections": "Corr.", "Correctional": "Corr.", "Defense": "Def.",
    "Department": "Dep't", "Detention": "Det.", "Development": "Dev.", "Director": "Dir.",
    "Discount": "Disc.", "Distributing": "Distrib.", "Distributor": "Distrib.",
    "District": "Dist.", "Division": "Div.", "East": "E.", "Eastern": "E.",
    "Economic": "Econ.", "Economics": "Econ.", "Economical": "Econ.", "Education": "Educ.",
    "Educational": "Educ.", "Electric": "Elec.", "Electrical": "Elec.",
    "Electricity": "Elec.", "Electronic": "Elec.", "Engineer": "Eng'r",
    "Engineering": "Eng'g", "Enterprise": "Enter.", "Entertainment": "Ent.",
    "Environment": "Env't", "Environmental": "Env't", "Equality": "Equal.",
    "Equipment": "Equip.", "Examiner": "Exam'r", "Exchange": "Exch.",
    "Executor": "Ex'r", "Executrix": "Ex'x", "Exportation": "Exp.", "Exporter": "Exp.",
    "Export": "Exp.", "Federal": "Fed.", "Federation": "Fed'n", "Fidelity": "Fid.",
    "Finance": "Fin.", "Financial": "Fin.", "Financing": "Fin.", "Foundation": "Found.",
    "General": "Gen.", "Government": "Gov't", "Guaranty": "Guar.", "Hospital": "Hosp.",
    "Housing": "Hous.", "Importation": "Imp.", "Importer": "Imp.", "Import": "Imp.",
    "Incorporated": "Inc.", "Indemnity": "Indem.", "Independent": "Indep.",
    "Industrial": "Indus.", "Industries": "Indus.", "Industry": "Indus.",
    "Information": "Info.", "Institute": "Inst.", "Institution": "Inst.",
    "Insurance": "Ins.", "International": "Int'l", "Investment": "Inv.",
    "Laboratory": "Lab.", "Laboratories": "Lab'ys", "Liability": "Liab.", "Limited": "Ltd.",
    "Litigation": "Litig.", "Machine": "Mach.", "Machinery": "Mach.",
    "Maintenance": "Maint.", "Management": "Mgmt.", "Manufacturer": "Mfr.",
    "Manufacturing": "Mfg.", "Maritime": "Mar.", "Market": "Mkt.", "Marketing": "Mktg.",
    "Mechanic": "Mech.", "Mechanical": "Mech.", "Medical": "Med.", "Medicine": "Med.",
    "Memorial": "Mem'l", "Merchandise": "Merch.", "Merchandising": "Merch.",
    "Merchant": "Merch.", "Metropolitan": "Metro.", "Municipal": "Mun.", "Mutual": "Mut.",
    "National": "Nat'l", "North": "N.", "Northern": "N.", "Northeast": "Ne.",
    "Northeastern": "Ne.", "Northwest": "Nw.", "Northwestern": "Nw.", "Number": "No.",
    "Office": "Off.", "Opinion": "Op.", "Organization": "Org.", "Organizing": "Org.",
    "Pacific": "Pac.", "Partnership": "P'ship", "Personal": "Pers.", "Personnel": "Pers.",
    "Pharmaceutical": "Pharm.", "Pharmaceutics": "Pharm.", "Preservation": "Pres.",
    "Probation": "Prob.", "Product": "Prod.", "Production": "Prod.",
    "Professional": "Pro.", "Property": "Prop.", "Protection": "Prot.", "Public": "Pub.",
    "Publication": "Publ'n", "Publishing": "Publ'g", "Railroad": "R.R.", "Railway": "Ry.",
    "Refining": "Ref.", "Regional": "Reg'l", "Rehabilitation": "Rehab.",
    "Reproduction": "Reprod.", "Reproductive": "Reprod.", "Resource": "Res.",
    "Resources": "Res.", "Restaurant": "Rest.", "Retirement": "Ret.", "Road": "Rd.",
    "Savings": "Sav.", "School": "Sch.", "Schools": "Schs.", "Science": "Sci.",
    "Sciences": "Scis.", "Secretary": "Sec'y", "Securities": "Sec.", "Security": "Sec.",
    "Service": "Serv.", "Services": "Servs.", "Shareholder": "S'holder", "Social": "Soc.",
    "Society": "Soc'y", "South": "S.", "Southern": "S.", "Southeast": "Se.",
    "Southeastern": "Se.", "Southwest": "Sw.", "Southwestern": "Sw.", "Steamship": "S.S.",
    "Street": "St.", "Subcommittee": "Subcomm.", "Surety": "Sur.", "System": "Sys.",
    "Systems": "Sys.", "Technology": "Tech.", "Technologies": "Techs.",
    "Telecommunication": "Telecomm.", "Telecommunications": "Telecomms.",
    "Telegraph": "Tel.", "Telephone": "Tel.", "Temporary": "Temp.", "Township": "Twp.",
    "Transcontinental": "Transcon.", "Transport": "Transp.", "Transportation": "Transp.",
    "Trustee": "Tr.", "Turnpike": "Tpk.", "Uniform": "Unif.", "University": "Univ.",
    "Utility": "Util.", "Utilities": "Utils.", "Village": "Vill.", "West": "W.",
    "Western": "W.",
}  # fmt: skip
# Compass words abbreviate only inside a name ("Sw. Bell"), never a lone "West" of a person.
_COMPASS = {"East", "West", "North", "South", "Eastern", "Western", "Northern", "Southern"}
_CHAMBERS = {"Senate": "S.", "House": "H."}  # T9, at the start of a committee's name

# Words that mark an author as an institution (T6 applies) rather than a person (it does not).
_INSTITUTION_RE = re.compile(
    r"\b(?:Office|Institute|Institution|Administration|Committee|Subcommittee|Commission|"
    r"Department|Agency|Foundation|Center|Centre|Association|University|Council|Bureau|"
    r"Board|Court|Conference|Senate|House|Congress|Library|Corporation|Company|Society|"
    r"Laboratory|Authority|Coalition|Federation|Organization|Service|Academy|Group|Project|"
    r"Task Force|United States|U\.S\.|White House)\b"
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*")

# R8: articles, conjunctions and prepositions of four or fewer letters stay lowercase inside a
# title; every other word is capitalized, and so is the first word and a word after a colon.
# Words that are also adverbs or particles ("so", "out", "up") are left out: "Tested Out".
_SMALL = frozenset(
    ("a", "an", "the", "and", "but", "or", "nor", "for", "as", "at", "by", "from", "in", "into",
     "of", "on", "onto", "per", "than", "to", "upon", "via", "with")
)  # fmt: skip
_TITLE_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*")


def is_institution(name: str) -> bool:
    """Tell whether an author's name is an institution's (abbreviated by T6) or a person's."""
    return bool(_INSTITUTION_RE.search(name))


@functools.lru_cache(maxsize=1024)
def abbreviate(name: str, *, committee: bool = False) -> str:
    """Abbreviate the words of a case name or institutional author per T6.

    committee: the name of a congressional committee, whose leading "Senate" or "House"
    becomes "S." or "H." (T9). A compass word alone is left whole (it is likely a surname).
    """
    words = list(_WORD_RE.finditer(name))
    out, pos = [], 0
    for i, m in enumerate(words):
        word = m[0]
        short = _T6.get(word)
        if committee and i == 0 and word in _CHAMBERS:
            short = _CHAMBERS[word]
        elif word == "and" and 0 < i < len(words) - 1:
            short = "&"
        elif word in _COMPASS and len(words) == 1:
            short = None
        if short is None:
            continue
        out.append(name[pos : m.start()])
        out.append(short)
        pos = m.end()
        if short.endswith(".") and name[pos : pos + 1] == ".":
            pos += 1  # "Co.." when the word was already followed by a period
    out.append(name[pos:])
    return "".join(out)


def title_case(title: str) -> str:
    """Capitalize a title per Bluebook R8, leaving words that already hold a capital alone.

    Lowercase words are capitalized unless they are articles, conjunctions or prepositions of
    four or fewer letters after the first word; a word after a colon or a dash is capitalized;
    "AI", "iPhone" and "ByteDance" keep their form.
    """
    out, pos, first = [], 0, True
    for m in _TITLE_WORD_RE.finditer(title):
        word = m[0]
        between = title[pos : m.start()]
        if word.islower() and (first or ":" in between or "—" in between or word not in _SMALL):
            word = word[0].upper() + word[1:]
        out.append(between + word)
        pos, first = m.end(), False
    out.append(title[pos:])
    return "".join(out)
