"""Put the children of WordprocessingML property elements into the order the schema requires.

ECMA-376 declares most property elements (``w:pPr``, ``w:rPr``, ``w:sectPr``, ``w:style``,
``w:settings`` ...) as sequences: each child has its place. Word offers to repair a file whose
children stand out of order, and letterheads made by other tools sometimes have them so
(pandoc's own reference.docx puts ``w:qFormat`` after ``w:pPr``). drafter writes its own XML
in order; ``reorder`` fixes the parts it keeps from a letterhead.

The sequences below follow the transitional schema (wml.xsd) with the Word 2010–2013
extensions that may appear in them. A child the table does not know keeps its place after the
known sibling before it.
"""

from __future__ import annotations

from lxml import etree

from drafter.render.docx.ooxml import W

_NS = {
    "w": W,
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}

_PPR_BASE = """
    pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers
    pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE
    autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents
    suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle
"""
_RPR_BASE = """
    rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof
    snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd
    fitText vertAlign rtl cs em lang eastAsianLayout specVanish w14:glow w14:shadow
    w14:reflection w14:textOutline w14:textFill w14:scene3d w14:props3d w14:ligatures
    w14:numForm w14:numSpacing w14:stylisticSets w14:cntxtAlts
"""
_BORDERS = "top left start bottom right end insideH insideV tl2br tr2bl between bar"

# parent element → its children in schema order ("w:" is implied; a group shares one place).
_SEQUENCES: dict[str, str] = {
    "pPr": _PPR_BASE + "rPr sectPr pPrChange",
    # A paragraph mark's rPr (CT_ParaRPr) opens with revision marks; a run's (CT_RPr) does not.
    "rPr": "ins del moveFrom moveTo w14:conflictIns w14:conflictDel"
    + _RPR_BASE
    + "oMath rPrChange",
    "sectPr": """
        headerReference|footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders
        lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi
        rtlGutter docGrid printerSettings w15:footnoteColumns sectPrChange
    """,
    "style": """
        name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed
        qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr
        tblStylePr
    """,
    "tblStylePr": "pPr rPr tblPr trPr tcPr",
    "styles": "docDefaults latentStyles style",
    "docDefaults": "rPrDefault pPrDefault",
    "tblPr": """
        tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc
        tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption
        tblDescription tblPrChange
    """,
    "tcPr": """
        cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText
        vAlign hideMark headers cellIns cellDel cellMerge tcPrChange
    """,
    "pBdr": _BORDERS,
    "tblBorders": _BORDERS,
    "tcBorders": _BORDERS,
    "numbering": "numPicBullet abstractNum num numIdMacAtCleanup",
    "abstractNum": "nsid multiLevelType tmpl name styleLink numStyleLink lvl",
    "lvl": "start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr",
    "num": "abstractNumId lvlOverride",
    "font": """
        altName panose1 charset family notTrueType pitch sig embedRegular embedBold embedItalic
        embedBoldItalic
    """,
    "footnotePr": "pos numFmt numStart numRestart footnote",
    "endnotePr": "pos numFmt numStart numRestart endnote",
    "settings": """
        writeProtection view zoom removePersonalInformation removeDateAndTime
        doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText
        printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts
        saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges
        bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors
        hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate
        linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView
        trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection
        autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation
        consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength
        clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting
        bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing
        drawingGridVerticalSpacing displayHorizontalDrawingGridEvery
        displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin
        drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData
        noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars
        noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema
        saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml
        saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace
        updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids m:mathPr
        uiCompat97To2003 attachedSchema themeFontLang clrSchemeMapping
        doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions
        readModeInkLockDown smartTagType sl:schemaLibrary shapeDefaults doNotEmbedSmartTags
        decimalSymbol listSeparator w14:docId w14:discardImageEditingData w14:defaultImageDpi
        w14:conflictMode w15:chartTrackingRefBased w15:docId
    """,
}


def _clark(name: str) -> str:
    prefix, _, local = name.rpartition(":")
    return f"{{{_NS[prefix or 'w']}}}{local}"


def _ranks(sequence: str) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for place, group in enumerate(sequence.split()):
        for name in group.split("|"):
            ranks.setdefault(_clark(name), place)
    return ranks


_ORDER = {_clark(parent): _ranks(seq) for parent, seq in _SEQUENCES.items()}


def reorder(root: etree._Element) -> None:
    """Sort, in place, the children of every element of ``root`` that the schema orders."""
    for el in root.iter(*_ORDER):
        ranks = _ORDER[el.tag]
        children = list(el)
        keys = []
        place = -1
        for child in children:
            place = ranks.get(child.tag, place)  # unknown: stays behind its known neighbour
            keys.append(place)
        if keys != sorted(keys):
            order = sorted(range(len(children)), key=keys.__getitem__)
            el[:] = [children[i] for i in order]


_IGNORABLE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable"


def tidy_ignorable(root: etree._Element) -> None:
    """Keep in ``mc:Ignorable`` only the prefixes the root declares (Word refuses others)."""
    value = root.get(_IGNORABLE)
    if value is None:
        return
    kept = [prefix for prefix in value.split() if prefix in root.nsmap]
    if kept:
        root.set(_IGNORABLE, " ".join(kept))
    else:
        del root.attrib[_IGNORABLE]
