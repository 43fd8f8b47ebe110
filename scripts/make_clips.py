"""Generate the offline announcement sounds in static/sounds/.

Writes static/sounds/vi/<slug>.wav for every entry of ``reception.speech.CLIP_WORDS``, spoken by
Debian's espeak-ng Vietnamese voice and converted by sox to 16 kHz mono 16-bit with the silence
at both ends trimmed, and static/sounds/chime.wav, a two-tone "ding-dong" synthesised here.

Run from the repository root: ``.venv/bin/python scripts/make_clips.py`` (or ``make clips``).
"""

import argparse
import math
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The script is run by path, so the repository root is not on sys.path by default.
sys.path.insert(0, str(ROOT))

from reception.speech import CLIP_WORDS  # noqa: E402

SAMPLE_RATE = 16000
SOUNDS_DIR = ROOT / "static" / "sounds"


def speak_clip(text: str, target: Path, voice: str, speed: int) -> None:
    """Speak ``text`` with espeak-ng and write it to ``target`` as trimmed 16 kHz mono WAV.

    :raises subprocess.CalledProcessError: if espeak-ng or sox fails.
    """
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True
        )
        convert = ["-r", str(SAMPLE_RATE), "-c", "1", "-b", "16"]
        # Trim the silence espeak-ng leaves at both ends so joined clips flow like one sentence.
        # The output is noise-free, so a -60 dB threshold keeps the soft unreleased endings of
        # "ép", "một"; the short pad after it keeps word boundaries audible.
        trim = ["silence", "1", "0.01", "0.1%", "reverse"] * 2 + ["pad", "0", "0.03"]
        # Same peak level for every clip, a little below the chime's.
        level = ["gain", "-n", "-3"]
        # -D: no dither, whose random noise would make every run rewrite all committed clips.
        subprocess.run(["sox", "-D", str(raw), *convert, str(target), *trim, *level], check=True)


def chime_samples(duration: float = 1.2) -> list[int]:
    """Synthesise a two-tone "ding-dong" (660 Hz, then 523 Hz) as 16-bit samples."""
    # (start s, fundamental Hz); each strike rings on under the next one, like a door chime.
    strikes = ((0.0, 660.0), (0.4, 523.25))
    # Bell-like partials (multiple, relative level, decay rate per second): the upper ones die
    # away first, which is what makes the tone sound struck rather than electronic.
    partials = ((1.0, 1.0, 3.5), (2.0, 0.35, 6.0), (3.0, 0.12, 9.0))
    attack = 0.01  # seconds; a hard start would click
    total = int(duration * SAMPLE_RATE)
    fade_out = int(0.05 * SAMPLE_RATE)
    samples = []
    for i in range(total):
        t = i / SAMPLE_RATE
        value = 0.0
        for start, frequency in strikes:
            local = t - start
            if local < 0:
                continue
            # Raised-cosine onset: a linear ramp still leaves an audible tick at its corner.
            envelope = 0.5 - 0.5 * math.cos(math.pi * local / attack) if local < attack else 1.0
            for multiple, level, decay in partials:
                value += (
                    level
                    * envelope
                    * math.exp(-decay * local)
                    * math.sin(2 * math.pi * frequency * multiple * local)
                )
        # Fade the tail to exact silence so the file does not end on a click.
        value *= min(1.0, (total - i) / fade_out)
        samples.append(value)
    peak = max(abs(s) for s in samples)
    scale = 0.8 * 32767 / peak
    return [round(s * scale) for s in samples]


def write_chime(target: Path) -> None:
    """Write the chime to ``target`` as 16 kHz mono 16-bit WAV."""
    samples = chime_samples()
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def main(argv: list[str] | None = None) -> int:
    """Generate every clip and the chime; return the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--voice", default="vi", help="espeak-ng voice: vi, vi-vn-x-central, vi-vn-x-south"
    )
    parser.add_argument("--speed", type=int, default=145, help="words per minute")
    args = parser.parse_args(argv)

    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        print(f"missing {', '.join(missing)}: apt-get install espeak-ng sox", file=sys.stderr)
        return 1

    clip_dir = SOUNDS_DIR / "vi"
    clip_dir.mkdir(parents=True, exist_ok=True)
    # Clips whose word left CLIP_WORDS would otherwise linger and be committed.
    for stale in clip_dir.glob("*.wav"):
        if stale.stem not in CLIP_WORDS:
            stale.unlink()
    for slug, text in CLIP_WORDS.items():
        speak_clip(text, clip_dir / f"{slug}.wav", args.voice, args.speed)
    write_chime(SOUNDS_DIR / "chime.wav")

    total = sum(path.stat().st_size for path in SOUNDS_DIR.rglob("*.wav"))
    print(f"wrote {len(CLIP_WORDS)} clips and chime.wav to {SOUNDS_DIR} ({total / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
