"""XLIFF 2.0 exchange with outside translators: export a request, import the file back.

A translation request leaves the portal as one XLIFF 2.0 document: one ``<file>`` whose
``id`` is the request key (request and source revision), one ``<unit>`` per field
(``title``, ``summary``, ``body``, ``steps``...). HTML fields travel as escaped text,
so a CAT tool shows the tags and the markup comes back exactly as it left.

``import_xliff`` is all or nothing: it checks the whole file (well-formed, XLIFF 2.0,
this request, this language pair, known units, unchanged sources) and only then returns
the translated texts; any problem raises ``XliffError`` with a message the translator
can act on, and the caller applies nothing.

Why lxml and not translate-toolkit (Weblate's and Pootle's library): in 3.20 its 2.0
writer puts ``<notes>`` and ``xml:space`` on ``<segment>``, which the XLIFF
2.0 core schema does not allow. The part of XLIFF 2.0 core used here is a handful of
elements, and lxml (libxml2) does the parsing, hardened for untrusted files: a file
with a DTD is refused before libxml2 reads it, and the parser expands no entities,
uses no network and builds no huge trees.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.parsers import expat

from flask_babel import gettext as _
from lxml import etree

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# 2.1 keeps the 2.0 namespace and core; 1.x and 2.2 are other formats for this reader.
READ_VERSIONS = frozenset({"2.0", "2.1"})
MAX_FILE_BYTES = 5 * 1024 * 1024

# XLIFF ids are NMTOKENs: letters, digits and . - _ : (an approximation, but a strict one).
_NMTOKEN = re.compile(r"[\w.:-]+")
# Characters XML 1.0 cannot carry; XLIFF 2.0 writes them as <cp hex="..."/> (Word pastes
# vertical tabs and form feeds into CMS text).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Inline elements that only wrap text (annotations, paired codes): their text is kept.
_WRAPPERS = frozenset({f"{{{NS}}}mrk", f"{{{NS}}}pc"})


@dataclass(frozen=True)
class Unit:
    """One field of a translation request, as sent to the translator."""

    id: str  # the field name, e.g. "title", "body"
    source: str  # plain text, or HTML for html fields
    target: str = ""  # the current translation, if any
    note: str = ""  # e.g. the field's label, shown to the translator


class XliffError(ValueError):
    """The file cannot be applied; ``reason`` says why in the reader's language."""

    def __init__(self, reason: str, *, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


# --- export ---------------------------------------------------------------------------

def export_xliff(*, request_key: str, source_locale: str, target_locale: str,
                 units: Sequence[Unit], original: str) -> bytes:
    """The request as an XLIFF 2.0 document (UTF-8), one unit per field.

    ``request_key`` becomes the ``<file id>`` and must come back unchanged;
    ``original`` (a human name of the item) is the file's ``original`` attribute.
    """
    _require_nmtoken(request_key, "request_key")
    root = etree.Element(_q("xliff"), nsmap={None: NS})
    root.set("version", "2.0")
    root.set("srcLang", source_locale)
    root.set("trgLang", target_locale)
    file = etree.SubElement(root, _q("file"), id=request_key,
                            original=_NOT_XML.sub("", original))
    # One field is one unit: a tool that splits it into sentences must join them again.
    file.set("canResegment", "no")
    file.set(XML_SPACE, "preserve")
    seen: set[str] = set()
    for unit in units:
        _require_nmtoken(unit.id, "unit id")
        if unit.id in seen:
            raise ValueError(f"duplicate unit id {unit.id!r}")
        seen.add(unit.id)
        element = etree.SubElement(file, _q("unit"), id=unit.id)
        if unit.note:
            notes = etree.SubElement(element, _q("notes"))
            etree.SubElement(notes, _q("note")).text = _NOT_XML.sub("", unit.note)
        segment = etree.SubElement(element, _q("segment"))
        _write_text(etree.SubElement(segment, _q("source")), unit.source)
        if unit.target:
            segment.set("state", "translated")
            _write_text(etree.SubElement(segment, _q("target")), unit.target)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _require_nmtoken(value: str, what: str) -> None:
    if not _NMTOKEN.fullmatch(value):
        raise ValueError(f"{what} {value!r} is not a valid XLIFF identifier")


def _write_text(element: etree._Element, text: str) -> None:
    pieces = _NOT_XML.split(text)
    element.text = pieces[0]
    for char, piece in zip(_NOT_XML.findall(text), pieces[1:], strict=True):
        etree.SubElement(element, _q("cp"), hex=f"{ord(char):04X}").tail = piece


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent the structure only; lxml's pretty printer would also indent inside a
    ``<source>`` holding a ``<cp>`` and change the text."""
    if element.tag in (_q("source"), _q("target"), _q("note")) or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        _indent(child, level + 1)
    child.tail = "\n" + "  " * level


# --- import ---------------------------------------------------------------------------

def import_xliff(data: bytes, *, request_key: str, source_locale: str, target_locale: str,
                 expected: Mapping[str, str]) -> dict[str, str]:
    """The translated text of each unit of a returned file, by unit id.

    ``expected`` maps each unit id to the current source text. Units without a target
    (or with a blank one) are left out. Raises ``XliffError`` if anything in the file
    is wrong; then nothing should be applied.
    """
    if len(data) > MAX_FILE_BYTES:
        raise XliffError(_("The file is larger than %(limit)d MiB.",
                           limit=MAX_FILE_BYTES // (1024 * 1024)))
    root = _parse(data)
    file = _the_file(root, request_key=request_key, source_locale=source_locale,
                     target_locale=target_locale)
    found = _read_units(file)
    if not found:
        raise XliffError(_("The file has no translation units."))
    translated: dict[str, str] = {}
    for unit_id, (source, target, line) in found.items():
        if unit_id not in expected:
            raise XliffError(_("The file has a unit “%(unit)s” that this translation "
                               "request does not have.", unit=unit_id), line=line)
        if _comparable(source) != _comparable(expected[unit_id]):
            raise XliffError(_("The source text of “%(unit)s” has changed since the file "
                               "was exported. Export the request again.", unit=unit_id),
                             line=line)
        if target is not None and target.strip():
            translated[unit_id] = unicodedata.normalize("NFC", target)
    return translated


def _parse(data: bytes) -> etree._Element:
    _refuse_dtd(data)
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             huge_tree=False, collect_ids=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise _malformed(error.lineno) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # belt and braces: see the scan
        raise _dtd_refused()
    return root


class _RootReached(Exception):
    pass


def _refuse_dtd(data: bytes) -> None:
    """Refuse a DTD before libxml2 sees the file.

    XLIFF needs no DTD, and one in an uploaded file is how entity attacks arrive
    (external files, "billion laughs"). libxml2 opens local files named in a DTD even
    with ``load_dtd=False`` (an external subset, a parameter entity), so the prolog is
    scanned first with expat, which loads nothing, up to the root element.
    """
    def doctype(*_: object) -> None:
        raise _dtd_refused()

    def root(*_: object) -> None:
        raise _RootReached

    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = doctype
    scanner.StartElementHandler = root
    try:
        scanner.Parse(data, True)
    except _RootReached:
        return
    except expat.ExpatError as error:
        raise _malformed(error.lineno) from None


def _dtd_refused() -> XliffError:
    return XliffError(_("The file declares a DTD (<!DOCTYPE>), which XLIFF files do not "
                        "have; it is refused for safety."))


def _malformed(line: int | None) -> XliffError:
    if line:
        return XliffError(_("The file is not well-formed XML (line %(line)d).", line=line),
                          line=line)
    return XliffError(_("The file is not well-formed XML."))


def _the_file(root: etree._Element, *, request_key: str, source_locale: str,
              target_locale: str) -> etree._Element:
    """The one ``<file>`` of the document, once it is known to be this request's."""
    name = etree.QName(root)
    if name.localname != "xliff" or not (name.namespace or "").startswith(
            "urn:oasis:names:tc:xliff:document:"):
        raise XliffError(_("The file is not an XLIFF document."))
    version = root.get("version", "")
    if name.namespace != NS or version not in READ_VERSIONS:
        raise XliffError(_("The file is XLIFF %(version)s; the portal reads XLIFF 2.0. "
                           "Return the file in the format it was sent in.",
                           version=version or "?"))
    files = root.findall(_q("file"))
    if len(files) != 1:
        raise XliffError(_("The file should hold exactly one document, the one exported "
                           "from the portal; it holds %(count)d.", count=len(files)))
    found_key = files[0].get("id", "")
    if found_key != request_key:
        raise XliffError(_("The file belongs to “%(found)s”, not to “%(expected)s”: it "
                           "was exported for another translation request or an earlier "
                           "version of it.", found=found_key, expected=request_key),
                         line=files[0].sourceline)
    found_source, found_target = root.get("srcLang", ""), root.get("trgLang", "")
    if not (_same_language(found_source, source_locale)
            and _same_language(found_target, target_locale)):
        raise XliffError(_("The file is for %(found_source)s → %(found_target)s, not "
                           "%(source)s → %(target)s.", found_source=found_source or "?",
                           found_target=found_target or "?", source=source_locale,
                           target=target_locale))
    return files[0]


def _same_language(found: str, expected: str) -> bool:
    """``en-US`` is English; a file marked with a region of the language is accepted."""
    found, expected = (tag.replace("_", "-").lower() for tag in (found, expected))
    return bool(found) and (found == expected or found.startswith(expected + "-"))


def _read_units(file: etree._Element) -> dict[str, tuple[str, str | None, int | None]]:
    """Unit id -> (source, target or None, line), each unit's segments joined again."""
    units: dict[str, tuple[str, str | None, int | None]] = {}
    for unit in file.iter(_q("unit")):
        unit_id, line = unit.get("id", ""), unit.sourceline
        if not unit_id:
            raise XliffError(_("A unit of the file has no id."), line=line)
        if unit_id in units:
            raise XliffError(_("The unit “%(unit)s” appears twice.", unit=unit_id),
                             line=line)
        parts = [child for child in unit if child.tag in (_q("segment"), _q("ignorable"))]
        segments = [part for part in parts if part.tag == _q("segment")]
        if not segments:
            raise XliffError(_("The unit “%(unit)s” has no segment.", unit=unit_id),
                             line=line)
        source = "".join(_text(part.find(_q("source")), unit_id) for part in parts)
        with_target = [part.find(_q("target")) is not None for part in segments]
        target = None
        if all(with_target):
            # Whitespace between sentences (<ignorable>) keeps its source when untranslated.
            target = "".join(
                _text(part.find(_q("target")), unit_id)
                if part.find(_q("target")) is not None
                else _text(part.find(_q("source")), unit_id) for part in parts)
        elif any(with_target):
            raise XliffError(_("The translation of “%(unit)s” is incomplete: some of its "
                               "segments have no target.", unit=unit_id), line=line)
        units[unit_id] = (source, target, line)
    return units


def _text(element: etree._Element | None, unit_id: str) -> str:
    """The text of a ``<source>`` or ``<target>``: ``<cp>`` decoded, wrappers unwrapped.

    Placeholders for original codes (``<ph>``, ``<sc>``, ``<ec>``) are refused: the
    portal sends none, so one in a returned file cannot be turned back into text.
    """
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            pass  # a comment or processing instruction is no part of the text
        elif child.tag == _q("cp"):
            parts.append(_code_point(child, unit_id))
        elif child.tag in _WRAPPERS:
            parts.append(_text(child, unit_id))
        else:
            raise XliffError(_("The text of “%(unit)s” contains markup the portal did "
                               "not send (<%(element)s>).", unit=unit_id,
                               element=etree.QName(child).localname), line=child.sourceline)
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(element: etree._Element, unit_id: str) -> str:
    try:
        return chr(int(element.get("hex", ""), 16))
    except (ValueError, OverflowError):
        raise XliffError(_("The text of “%(unit)s” contains an invalid character code.",
                           unit=unit_id), line=element.sourceline) from None


def _comparable(text: str) -> str:
    """Source texts are equal up to Unicode normalisation, line-end style and
    whitespace at the ends (tools re-encode and trim these freely)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()
