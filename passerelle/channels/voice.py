"""Voice notes recorded in a browser, made into what Telegram and WhatsApp play as voice.

Chromium's MediaRecorder writes Opus in a WebM container; sendVoice and WhatsApp's voice
messages want Opus in an Ogg container. The Opus packets are copied as they are (a remux,
no re-encoding: nothing lost, little CPU), and the result is read back before it is kept.
"""

import io
import logging

import av

log = logging.getLogger(__name__)


class NotConverted(ValueError):
    """The bytes are not WebM/Opus this module can remux."""


def webm_to_ogg_opus(data: bytes) -> bytes:
    """Ogg/Opus bytes carrying the Opus packets of a WebM recording; NotConverted if not."""
    try:
        with av.open(io.BytesIO(data), format="webm") as source:
            streams = [s for s in source.streams.audio if s.codec_context.name == "opus"]
            if not streams:
                raise NotConverted("no Opus audio in the recording")
            stream = streams[0]
            out = io.BytesIO()
            with av.open(out, mode="w", format="ogg") as target:
                copy = target.add_stream_from_template(stream)
                copied = 0
                try:
                    for packet in source.demux(stream):
                        if packet.dts is None:
                            continue  # the demuxer's final flush packet
                        packet.stream = copy
                        target.mux(packet)
                        copied += 1
                except av.FFmpegError:
                    # A recording cut short (a tab closed, a last cluster half written)
                    # ends early: the sound up to there is kept.
                    if not copied:
                        raise
    except av.FFmpegError as exc:
        raise NotConverted(str(exc)) from exc
    result = out.getvalue()
    if not is_ogg_opus(result):
        raise NotConverted("the remuxed file does not read back as Ogg/Opus")
    return result


def is_ogg_opus(data: bytes) -> bool:
    """Whether the bytes are an Ogg file whose audio is Opus, with at least one packet."""
    if data[:4] != b"OggS":
        return False
    try:
        with av.open(io.BytesIO(data), format="ogg") as container:
            audio = container.streams.audio
            if not audio or audio[0].codec_context.name != "opus":
                return False
            return any(packet.size for packet in container.demux(audio[0]))
    except av.FFmpegError:
        return False
