"""The crowd view's alert tone, generated in pure Python (static/sounds/alert.wav).

Three two-note beeps (880 Hz then 660 Hz), 16-bit mono at 22 050 Hz, each note faded in and
out so the speaker does not click. The same bytes on every run: a test compares them with the
committed file, which `PATH.write_bytes(alert_tone())` writes again if the tone ever changes.
"""

import io
import math
import struct
import wave
from pathlib import Path

RATE = 22050
VOLUME = 0.6
# (frequency in Hz, seconds); 0 Hz is silence.
PATTERN = [(880, 0.16), (660, 0.16), (0, 0.08)] * 3
FADE_SECONDS = 0.012
PATH = Path(__file__).resolve().parents[2] / "static" / "sounds" / "alert.wav"


def _note(frequency: float, seconds: float) -> list[int]:
    count = int(RATE * seconds)
    fade = int(RATE * FADE_SECONDS)
    samples = []
    for index in range(count):
        if frequency == 0:
            samples.append(0)
            continue
        envelope = min(1.0, index / fade, (count - 1 - index) / fade)
        value = math.sin(2 * math.pi * frequency * index / RATE) * VOLUME * envelope
        samples.append(round(value * 32767))
    return samples


def alert_tone() -> bytes:
    """Return the alert tone as the bytes of a WAV file."""
    samples = [sample for frequency, seconds in PATTERN for sample in _note(frequency, seconds)]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(RATE)
        output.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return buffer.getvalue()
