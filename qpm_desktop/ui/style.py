"""The app's style sheet. Colour only ever repeats what words and symbols already say."""

STYLE_SHEET = """
QLabel#workspaceTitle { font-size: 17px; font-weight: 600; }
QLabel#heading2, QLabel#findingTitle { font-size: 15px; font-weight: 600; }
QLabel#heading3 { font-size: 13px; font-weight: 600; }
QLabel#muted { color: #4a4a4a; }
QLabel#statement { font-size: 13px; padding: 4px 0; }
QLabel#guidance { color: #333; font-style: italic; }
QLabel#placeholderNotice {
    background: #fff4d6; border: 1px solid #b58100; border-radius: 3px; padding: 5px 8px;
    color: #3d2c00;
}
QLabel#outcomeBanner {
    border: 1px solid #777; border-radius: 3px; padding: 6px 8px; font-weight: 600;
    background: #f3f3f3;
}
QLabel#outcomeBanner[recommendation="award"] { background: #e5f4e5; border-color: #2e7d32; }
QLabel#outcomeBanner[recommendation="actions_required"] {
    background: #fbe9e9; border-color: #b3261e;
}
QLabel#demoMarker {
    background: #ffe9a8; border: 1px solid #8a6d00; padding: 1px 6px; font-weight: 700;
    color: #3d2c00;
}
QLabel#fieldError { color: #9b1c1c; font-weight: 600; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] { border: 2px solid #b3261e; }
QLabel#saveIndicator[state="error"] { color: #9b1c1c; font-weight: 600; }
QLabel#coverageSummary { font-weight: 600; }
QTabBar::tab { padding: 6px 12px; }
"""
