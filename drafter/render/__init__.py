"""Writers: Markdown to Word, plain text and PDF."""

#: What every draft of a workspace marked ``sample: true`` says, in every format.
SAMPLE_MARK = "SAMPLE \u2014 NOT FOR FILING"
