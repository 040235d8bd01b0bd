"""Sound files made for tests: WebM/Opus as Chromium's MediaRecorder writes it."""

import io
import math
import struct

import av

RATE, FRAME = 48000, 960  # Opus at 48 kHz, 20 ms frames


def webm_opus(seconds: float = 1.0, pitch: float = 440.0) -> bytes:
    """A mono tone of `seconds`, Opus-encoded in a WebM container."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="webm") as container:
        stream = container.add_stream("libopus", rate=RATE)
        stream.layout = "mono"
        for number in range(int(seconds * RATE / FRAME)):
            start = number * FRAME
            samples = b"".join(
                struct.pack("<h", int(8000 * math.sin(2 * math.pi * pitch * (start + k) / RATE)))
                for k in range(FRAME)
            )
            frame = av.AudioFrame(format="s16", layout="mono", samples=FRAME)
            frame.planes[0].update(samples)
            frame.sample_rate, frame.pts = RATE, start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def opus_duration(data: bytes) -> float:
    """Seconds of audio decoded from an Ogg or WebM file (reads every packet)."""
    with av.open(io.BytesIO(data)) as container:
        return sum(frame.samples for frame in container.decode(audio=0)) / RATE
