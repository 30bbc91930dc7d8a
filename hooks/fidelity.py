"""Fidelity of the site to the reference text: does a sequence of rendered pieces spell the speech?"""

from __future__ import annotations

from collections.abc import Iterable

from speech import PIECE_ID, Speech


def fidelity_problems(speech: Speech, pieces: Iterable[tuple[str, str]]) -> list[str]:
    """Every paragraph, in order, must be the exact concatenation of its pieces' texts.

    Returns one message per paragraph that differs (with the first differing offset),
    is missing, repeated or out of order; an empty list means the text is verbatim.
    """
    shown: list[tuple[int, str]] = []
    for piece_id, text in pieces:
        number = int(PIECE_ID.match(piece_id).group(1))
        if shown and shown[-1][0] == number:
            shown[-1] = (number, shown[-1][1] + text)
        else:
            shown.append((number, text))
    problems = []
    numbers = [number for number, _ in shown]
    expected = [paragraph.number for paragraph in speech.paragraphs]
    if numbers != expected:
        problems.append(f"paragraphs shown {numbers}, expected {expected}")
    for number, text in shown:
        if number >= len(speech.paragraphs):
            continue
        original = speech.paragraphs[number].text
        if text != original:
            offset = next((i for i, (a, b) in enumerate(zip(text, original)) if a != b), min(len(text), len(original)))
            problems.append(
                f"¶{number} differs at character {offset}: shown {text[offset:offset + 12]!r}, "
                f"original {original[offset:offset + 12]!r}"
            )
    return problems
