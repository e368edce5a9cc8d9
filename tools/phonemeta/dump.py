"""Reads libphonenumber's metadata and verdicts out of PyPI's `phonenumbers` for tools/phonemeta.

phonemeta runs this inside the virtualenv it creates under target/phonemeta/, with the version
pinned in tools/phonemeta/requirements.txt; nothing here reaches the widget.

    python dump.py metadata   JSON on stdout: every geographic region's numbering rules and
                              example numbers, and the order libphonenumber tries the regions
                              of a calling code in
    python dump.py corpus     the oracle corpus on stdout (see corpus() below)
"""

import json
import re
import sys

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumber
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, REGION_CODE_FOR_NON_GEO_ENTITY

# The number types isValidNumber accepts, in the order getNumberTypeHelper tries them, as
# (XML element name, attribute of PhoneMetadata).
VALIDITY_TYPES = [
    ("premiumRate", "premium_rate"),
    ("tollFree", "toll_free"),
    ("sharedCost", "shared_cost"),
    ("voip", "voip"),
    ("personalNumber", "personal_number"),
    ("pager", "pager"),
    ("uan", "uan"),
    ("voicemail", "voicemail"),
    ("fixedLine", "fixed_line"),
    ("mobile", "mobile"),
]

# Descriptions that count towards a region's general possible lengths in libphonenumber's
# builder besides the types above (everything but noInternationalDialling).
OTHER_DESCRIPTIONS = ["emergency", "short_code", "standard_rate", "carrier_specific", "sms_services"]

# The Python port writes group references as \1 (Python's re.sub); the table keeps
# libphonenumber's own $1.
PYTHON_GROUP_REFERENCE = re.compile(r"\\(\d)")


def geographic_regions():
    return sorted(r for r in phonenumbers.SUPPORTED_REGIONS if r != REGION_CODE_FOR_NON_GEO_ENTITY)


def lengths(values):
    # libphonenumber writes [-1] for "no number of this type"; no length is the same here.
    return [n for n in values or () if n >= 0]


def description(desc):
    return {
        "pattern": desc.national_number_pattern or "",
        "lengths": lengths(desc.possible_length),
        "local_lengths": lengths(desc.possible_length_local_only),
        "example": desc.example_number or "",
    }


def region(iso):
    meta = PhoneMetadata.metadata_for_region(iso)
    types = []
    for name, attribute in VALIDITY_TYPES:
        desc = getattr(meta, attribute)
        if desc is not None and desc.national_number_pattern:
            types.append(dict(description(desc), name=name))
    other = [description(getattr(meta, a)) for a in OTHER_DESCRIPTIONS if getattr(meta, a) is not None]
    return {
        "iso": iso,
        "calling_code": meta.country_code,
        "main": bool(meta.main_country_for_code),
        "national_prefix": meta.national_prefix or "",
        "national_prefix_for_parsing": meta.national_prefix_for_parsing or "",
        "national_prefix_transform_rule": PYTHON_GROUP_REFERENCE.sub(
            r"$\1", meta.national_prefix_transform_rule or ""
        ),
        "international_prefix": meta.international_prefix or "",
        "leading_digits": meta.leading_digits or "",
        "general": description(meta.general_desc),
        "types": types,
        "other": other,
    }


def metadata():
    regions = [region(iso) for iso in geographic_regions()]
    order = {
        str(code): [r for r in members if r != REGION_CODE_FOR_NON_GEO_ENTITY]
        for code, members in COUNTRY_CODE_TO_REGION_CODE.items()
    }
    json.dump(
        {"version": phonenumbers.__version__, "regions": regions, "region_order": order},
        sys.stdout,
        separators=(",", ":"),
    )


def mutations(nsn):
    """An example number with one digit removed, one added at either end, or its first digit
    changed: lengths and leading digits just outside what the metadata allows."""
    out = {nsn[:i] + nsn[i + 1 :] for i in range(len(nsn))}
    for d in "0123456789":
        out.add(nsn + d)
        out.add(d + nsn)
        out.add(d + nsn[1:])
    out.discard(nsn)
    return sorted(m for m in out if m)


def number_from_nsn(calling_code, nsn):
    """The PhoneNumber of a calling code and national significant number, built rather than
    parsed (a parse would strip what looks like a national prefix)."""
    zeros = len(nsn) - len(nsn.lstrip("0"))
    if zeros == len(nsn):
        # An all-zero number keeps its last zero in national_number.
        zeros -= 1
    number = PhoneNumber(country_code=calling_code, national_number=int(nsn))
    if zeros:
        number.italian_leading_zero = True
        number.number_of_leading_zeros = zeros
    return number


def verdict(number):
    """REGION, +CC and NSN fields of a valid number, else three empty fields."""
    if number is None or not phonenumbers.is_valid_number(number):
        return ["", "", ""]
    return [
        phonenumbers.region_code_for_number(number) or "",
        "+%d" % number.country_code,
        phonenumbers.national_significant_number(number),
    ]


def parsed(text, country):
    try:
        return phonenumbers.parse(text, country or None)
    except NumberParseException:
        return None


def corpus():
    """One line per case, tab-separated: form, country, input, then libphonenumber's verdict
    (region, +calling code, national significant number; three empty fields when invalid).

    Forms: `example-national`, `example-digits`, `example-e164`, `example-international` (each
    example number as a person writes it); for each mutation of an example number, `nsn` (the
    national significant number itself under the calling code in `country`: isValidNumber's
    own question), `international` ("+CC NSN", no country), `national` (the digits, its region
    selected) and `prefixed` (its national prefix and the digits, where it has one)."""
    out = sys.stdout
    seen_nsn = set()
    seen_national = set()
    for iso in geographic_regions():
        meta = PhoneMetadata.metadata_for_region(iso)
        code = meta.country_code
        for _, attribute in VALIDITY_TYPES:
            desc = getattr(meta, attribute)
            if desc is None or not desc.example_number:
                continue
            nsn = desc.example_number
            number = number_from_nsn(code, nsn)
            forms = [
                ("example-national", iso, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)),
                ("example-digits", iso, nsn),
                ("example-e164", "", "+%d%s" % (code, nsn)),
                (
                    "example-international",
                    "",
                    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
                ),
            ]
            for form, country, text in forms:
                print("\t".join([form, country, text] + verdict(parsed(text, country))), file=out)
            for mutated in mutations(nsn):
                # A number under a shared calling code is asked about once, but typed with
                # each of its regions selected.
                if (code, mutated) not in seen_nsn:
                    seen_nsn.add((code, mutated))
                    built = number_from_nsn(code, mutated)
                    if phonenumbers.national_significant_number(built) == mutated:
                        print("\t".join(["nsn", str(code), mutated] + verdict(built)), file=out)
                    international = "+%d%s" % (code, mutated)
                    print(
                        "\t".join(["international", "", international] + verdict(parsed(international, None))),
                        file=out,
                    )
                if (iso, mutated) in seen_national:
                    continue
                seen_national.add((iso, mutated))
                print("\t".join(["national", iso, mutated] + verdict(parsed(mutated, iso))), file=out)
                if meta.national_prefix:
                    prefixed = meta.national_prefix + mutated
                    print("\t".join(["prefixed", iso, prefixed] + verdict(parsed(prefixed, iso))), file=out)


if __name__ == "__main__":
    commands = {"metadata": metadata, "corpus": corpus}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit("usage: dump.py metadata|corpus")
    commands[sys.argv[1]]()
