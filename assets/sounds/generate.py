#!/usr/bin/env python3
"""Makes the 56 /play sounds: our own synthesis, nothing sampled or copied.

Tones, drums and noise are computed here (Python's standard library only); spoken words come
from espeak-ng; sox adds reverb, echo or grit where a sound wants it; lame encodes MP3 (mono,
32 kHz, 48 kbit/s CBR). Every random choice is seeded, so a run reproduces the same files.

    python3 assets/sounds/generate.py            # all of them, into assets/sounds/
    python3 assets/sounds/generate.py bell tada  # only these

Needs: python3, espeak-ng, sox, lame (Debian: apt-get install espeak-ng sox lame).
"""
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import wave

SR = 32000
HERE = os.path.dirname(os.path.abspath(__file__))
TMP = tempfile.mkdtemp(prefix="cf-sounds-")

# ---------------------------------------------------------------- building blocks
# A signal is a list of floats in [-1, 1] at SR samples per second.


def n(seconds):
    return max(0, int(round(seconds * SR)))


def silence(seconds):
    return [0.0] * n(seconds)


def hz(midi):
    return 440.0 * 2 ** ((midi - 69) / 12)


def osc(kind, freq, seconds, amp=1.0, vibrato=0.0, vib_rate=5.5):
    """An oscillator. `freq` is a number or a function of time (glides, sweeps)."""
    out, phase = [], 0.0
    f = freq if callable(freq) else (lambda t, v=freq: v)
    for i in range(n(seconds)):
        t = i / SR
        fr = f(t) * (1 + vibrato * math.sin(2 * math.pi * vib_rate * t))
        phase = (phase + fr / SR) % 1.0
        if kind == "sine":
            v = math.sin(2 * math.pi * phase)
        elif kind == "square":
            v = 1.0 if phase < 0.5 else -1.0
        elif kind == "pulse":
            v = 1.0 if phase < 0.25 else -1.0
        elif kind == "saw":
            v = 2 * phase - 1
        else:  # triangle
            v = 4 * abs(phase - 0.5) - 1
        out.append(amp * v)
    return out


def noise(seconds, seed, amp=1.0):
    r = random.Random(seed)
    return [amp * (2 * r.random() - 1) for _ in range(n(seconds))]


def adsr(sig, a=0.01, d=0.05, s=0.8, r=0.05):
    total = len(sig)
    na, nd, nr = n(a), n(d), n(r)
    out = []
    for i, v in enumerate(sig):
        if i < na:
            g = i / max(1, na)
        elif i < na + nd:
            g = 1 - (1 - s) * (i - na) / max(1, nd)
        else:
            g = s
        if i > total - nr:
            g *= max(0.0, (total - i) / max(1, nr))
        out.append(v * g)
    return out


def decay(sig, tau, attack=0.002):
    na = n(attack)
    return [v * min(1.0, i / max(1, na)) * math.exp(-i / (tau * SR)) for i, v in enumerate(sig)]


def lowpass(sig, cutoff):
    """One-pole low-pass; `cutoff` may be a function of time."""
    out, y = [], 0.0
    c = cutoff if callable(cutoff) else (lambda t, v=cutoff: v)
    for i, v in enumerate(sig):
        a = 1 - math.exp(-2 * math.pi * c(i / SR) / SR)
        y += a * (v - y)
        out.append(y)
    return out


def highpass(sig, cutoff):
    low = lowpass(sig, cutoff)
    return [v - l for v, l in zip(sig, low)]


def tremolo(sig, rate, depth):
    return [v * (1 - depth * (0.5 + 0.5 * math.sin(2 * math.pi * rate * i / SR))) for i, v in enumerate(sig)]


def drive(sig, amount):
    return [math.tanh(amount * v) / math.tanh(amount) for v in sig]


def gain(sig, g):
    return [v * g for v in sig]


def add(*parts):
    """Mixes (offset_seconds, signal) pairs."""
    length = max(n(off) + len(s) for off, s in parts)
    out = [0.0] * length
    for off, s in parts:
        start = n(off)
        for i, v in enumerate(s):
            out[start + i] += v
    return out


def cat(*sigs):
    out = []
    for s in sigs:
        out.extend(s)
    return out


def fade(sig, seconds=0.02):
    k = n(seconds)
    out = list(sig)
    for i in range(min(k, len(out))):
        out[i] *= i / k
        out[-1 - i] *= i / k
    return out


def resample(sig, ratio):
    """Plays `sig` `ratio` times faster (and higher)."""
    out, pos = [], 0.0
    while pos < len(sig) - 1:
        i = int(pos)
        f = pos - i
        out.append(sig[i] * (1 - f) + sig[i + 1] * f)
        pos += ratio
    return out


# ---------------------------------------------------------------- instruments


def bell_tone(freq, seconds, amp=1.0):
    partials = [(1.0, 1.0, 1.0), (2.0, 0.6, 0.7), (2.76, 0.45, 0.45), (5.4, 0.25, 0.25), (8.93, 0.12, 0.15)]
    parts = [(0, decay(osc("sine", freq * r, seconds, a), seconds * d)) for r, a, d in partials]
    return gain(add(*parts), amp / 2.4)


def brass(freq, seconds, amp=1.0, vibrato=0.006):
    tone = osc("saw", freq, seconds, 1.0, vibrato=vibrato)
    tone = lowpass(tone, lambda t: 600 + 2600 * min(1.0, t / 0.08))
    return gain(adsr(tone, 0.03, 0.08, 0.8, 0.06), amp)


def chip(freq, seconds, amp=0.5, kind="square"):
    return adsr(osc(kind, freq, seconds, amp), 0.002, 0.03, 0.7, 0.02)


def reed(freq, seconds, amp=1.0, vibrato=0.012):
    tone = add((0, osc("saw", freq, seconds, 0.7, vibrato=vibrato)), (0, osc("square", freq, seconds, 0.3, vibrato=vibrato)))
    return gain(adsr(lowpass(tone, 1800), 0.05, 0.1, 0.75, 0.08), amp)


def kick(amp=1.0):
    return decay(osc("sine", lambda t: 45 + 110 * math.exp(-t * 30), 0.35, amp), 0.12)


def snare(seed, amp=0.8):
    body = decay(osc("triangle", 190, 0.2, 0.5), 0.05)
    rattle = decay(highpass(noise(0.22, seed), 1500), 0.07)
    return gain(add((0, body), (0, rattle)), amp)


def hat(seed, amp=0.35, length=0.05):
    return gain(decay(highpass(noise(length * 3, seed), 6000), length), amp)


def tom(freq, amp=0.9):
    return decay(osc("sine", lambda t: freq * (1 + 0.6 * math.exp(-t * 25)), 0.4, amp), 0.14)


def cymbal(seed, seconds=1.2, amp=0.5):
    return gain(decay(highpass(noise(seconds, seed), 4500), seconds / 3.5), amp)


def clap(seed, amp=0.7):
    bursts = [(k * 0.011, decay(highpass(noise(0.02, seed + k), 900), 0.006)) for k in range(3)]
    tail = (0.033, decay(highpass(noise(0.18, seed + 9), 900), 0.05))
    return gain(add(*bursts, tail), amp)


def melody(notes, instrument, gap=0.0):
    """notes: (midi or None for a rest, seconds); played back to back."""
    out = []
    for midi, seconds in notes:
        out.extend(silence(seconds) if midi is None else instrument(hz(midi), seconds))
        out.extend(silence(gap))
    return out


def chord(midis, seconds, instrument):
    return gain(add(*[(0, instrument(hz(m), seconds)) for m in midis]), 1 / len(midis) ** 0.7)


# ---------------------------------------------------------------- tools: espeak-ng, sox, lame

_counter = [0]


def tmp(ext="wav"):
    _counter[0] += 1
    return os.path.join(TMP, f"{_counter[0]}.{ext}")


def read_wav(path):
    with wave.open(path, "rb") as w:
        rate, width, frames = w.getframerate(), w.getsampwidth(), w.readframes(w.getnframes())
    assert width == 2 and rate > 0
    sig = [s / 32768 for s in struct.unpack(f"<{len(frames) // 2}h", frames)]
    return resample(sig, rate / SR) if rate != SR else sig


def write_wav(path, sig):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1, min(1, v)) * 32767)) for v in sig))


def say(text, voice="en-us", pitch=50, speed=160, amp=1.0, trim=True):
    """Spoken text from espeak-ng (pitch 0-99, speed in words a minute)."""
    path = tmp()
    subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "-w", path, text], check=True)
    sig = read_wav(path)
    if trim:
        idx = [i for i, v in enumerate(sig) if abs(v) > 0.01]
        if idx:
            sig = sig[max(0, idx[0] - n(0.01)): idx[-1] + n(0.03)]
    return gain(normalize(sig, 1.0), amp)


def sox(sig, *effects):
    """Runs the signal through sox effects (repeatable mode, no dither)."""
    src, dst = tmp(), tmp()
    write_wav(src, normalize(sig, 0.5))  # headroom: reverb and drive must not clip
    subprocess.run(["sox", "-R", "-D", src, dst, *effects], check=True)
    return read_wav(dst)


def normalize(sig, peak=0.89):
    top = max((abs(v) for v in sig), default=0.0)
    return [v * peak / top for v in sig] if top > 0 else sig


def encode(name, sig):
    sig = fade(normalize(sig), 0.005)
    seconds = len(sig) / SR
    assert 0.3 <= seconds <= 3.0, f"{name}: {seconds:.2f} s is outside 0.3-3 s"
    wav = tmp()
    write_wav(wav, sig)
    out = os.path.join(HERE, f"{name}.mp3")
    subprocess.run(["lame", "--quiet", "-m", "m", "-b", "48", "-q", "2", "--noreplaygain", wav, out], check=True)
    size = os.path.getsize(out)
    assert size < 40 * 1024, f"{name}: {size} bytes"
    print(f"{name:14s} {seconds:4.2f} s {size:6d} bytes")


# ---------------------------------------------------------------- the 56 sounds
SOUNDS = {}


def sound(fn):
    SOUNDS[fn.__name__.lstrip("_")] = fn
    return fn


@sound
def _56k():  # a modem dialling and handshaking
    dtmf = [(697, 1209), (770, 1336), (852, 1477), (697, 1336), (941, 1336)]
    dial = cat(*[cat(add((0, osc("sine", a, 0.07, 0.4)), (0, osc("sine", b, 0.07, 0.4))), silence(0.03)) for a, b in dtmf])
    answer = osc("sine", 2100, 0.35, 0.5)
    chirps = cat(*[osc("sine", lambda t, k=k: 1000 + 1400 * ((t * (6 + k)) % 1), 0.12, 0.45) for k in range(3)])
    hiss = lowpass(noise(0.6, 56), 3000)
    screech = add((0, gain(hiss, 0.5)), (0, tremolo(osc("square", 1650, 0.6, 0.25), 24, 0.7)))
    return cat(dial, silence(0.08), answer, chirps, screech)


@sound
def ballmer():
    word = say("developers!", pitch=70, speed=230)
    return add((0, word), (0.62, gain(word, 0.85)), (1.24, say("developers!!", pitch=85, speed=210)))


@sound
def bell():
    return bell_tone(hz(81), 2.2)


@sound
def bezos():  # a chuckle, then a thoughtful hum
    laugh = cat(*[cat(say("ha", pitch=75 - 6 * k, speed=300), silence(0.05)) for k in range(5)])
    return cat(laugh, silence(0.1), say("hmmmm", pitch=35, speed=120, amp=0.7))


@sound
def bueller():
    flat = say("anyone?", pitch=20, speed=120)
    return cat(flat, silence(0.45), flat)


@sound
def butts():
    return cat(say("heh heh", pitch=30, speed=170), silence(0.08), say("butts", pitch=25, speed=110))


@sound
def clowntown():  # a circus calliope run
    up = [(m, 0.09) for m in (67, 66, 67, 71, 74, 73, 74, 79)]
    down = [(m, 0.09) for m in (77, 76, 74, 72, 71, 69, 67)] + [(60, 0.35)]
    tune = melody(up + down, lambda f, s: chip(f, s, 0.45, "pulse"))
    oom = melody([(43, 0.18), (None, 0.18)] * 4 + [(36, 0.4)], lambda f, s: brass(f, s, 0.5))
    return add((0, tune), (0, oom))


@sound
def cottoneyejoe():  # a hoedown fiddle line over stomps
    fiddle = lambda f, s: reed(f, s, 0.7, 0.02)
    line = [(74, 0.12), (76, 0.12), (78, 0.12), (74, 0.12), (81, 0.24), (78, 0.12), (76, 0.12), (74, 0.24), (69, 0.24), (74, 0.36)]
    stomps = add(*[(k * 0.24, kick(0.7)) for k in range(8)])
    return add((0, melody(line, fiddle)), (0, stomps))


@sound
def crickets():
    def chirp(offset, pitch, seed):
        pulses = [(k * 0.045, decay(osc("sine", pitch, 0.04, 0.6), 0.012)) for k in range(4)]
        return (offset, add(*pulses))
    chirps = [chirp(0.0, 4300, 1), chirp(0.42, 4550, 2), chirp(0.9, 4300, 3), chirp(1.33, 4700, 4), chirp(1.75, 4300, 5)]
    night = gain(lowpass(noise(2.2, 7), 400), 0.05)
    return add((0, night), *chirps)


@sound
def curb():  # a jaunty, sneaking bassoon tune
    bassoon = lambda f, s: reed(f, s, 0.8, 0.004)
    line = [(50, 0.16), (None, 0.08), (53, 0.16), (55, 0.16), (None, 0.08), (57, 0.24), (55, 0.12), (53, 0.12), (50, 0.16), (58, 0.2), (57, 0.45)]
    pizz = melody([(38, 0.24), (45, 0.24)] * 4, lambda f, s: decay(osc("triangle", f, s, 0.6), 0.06))
    return add((0, melody(line, bassoon)), (0, pizz))


@sound
def dadgummit():
    return cat(say("dad", pitch=60, speed=170), say("gummit!", pitch=75, speed=190), silence(0.05), say("dad gummit!", pitch=85, speed=240))


@sound
def dangerzone():  # a driving synth riff on power chords
    power = lambda root, s: drive(add((0, brass(hz(root), s, 0.6, 0)), (0, brass(hz(root + 7), s, 0.5, 0))), 3)
    riff = cat(*[power(r, s) for r, s in [(40, 0.2), (40, 0.2), (43, 0.2), (45, 0.4), (47, 0.2), (45, 0.2), (43, 0.4), (40, 0.5)]])
    drums = add(*[(k * 0.2, kick(0.8) if k % 2 == 0 else snare(k, 0.6)) for k in range(12)])
    return add((0, gain(riff, 0.7)), (0, drums))


@sound
def danielsan():  # victory: rising brass and fireworks
    fanfare = melody([(60, 0.18), (64, 0.18), (67, 0.18), (72, 0.6)], brass)
    final = chord([60, 64, 67, 72], 0.9, brass)
    pops = add(*[(0.3 + 0.35 * k, gain(decay(highpass(noise(0.4, 20 + k), 2000), 0.1), 0.5)) for k in range(4)])
    return add((0, cat(fanfare, final)), (0, pops))


@sound
def deeper():  # a huge low horn that sinks
    horn = add((0, brass(lambda t: hz(36) * (1 - 0.06 * t), 2.4, 0.7, 0.002)), (0, brass(hz(43), 2.4, 0.4, 0.002)))
    boom = gain(kick(1.0), 0.8)
    return sox(add((0, horn), (0, boom)), "lowpass", "900", "reverb", "60")


@sound
def donotwant():
    slow = say("do not want!", pitch=25, speed=100)
    return cat(slow, silence(0.1), resample(say("nooo", pitch=20, speed=90, amp=0.8), 0.85))


@sound
def drama():  # the dramatic three-note sting
    strings = lambda f, s: reed(f, s, 0.8, 0.01)
    sting = melody([(50, 0.22), (None, 0.06), (53, 0.22), (None, 0.06), (49, 1.1)], strings)
    timpani = add((0, tom(70)), (0.28, tom(70)), (0.56, tom(62)))
    return sox(add((0, sting), (0, timpani)), "reverb", "40")


@sound
def flawless():
    word = say("flawless", pitch=30, speed=110, voice="en-us+f2")
    shimmer = gain(add(*[(0.1 * k, bell_tone(hz(88 + 3 * k), 0.6)) for k in range(4)]), 0.3)
    return add((0, word), (0.2, shimmer))


@sound
def glados():  # a calm robot, ring-modulated
    words = say("Test complete. You did fine.", pitch=60, speed=140, voice="en-us+f3")
    robot = [v * math.sin(2 * math.pi * 40 * i / SR) * 0.6 + v * 0.4 for i, v in enumerate(words)]
    return sox(robot, "flanger", "echo", "0.8", "0.7", "30", "0.3")


@sound
def gogogo():
    return cat(say("go!", pitch=60, speed=260), say("go!", pitch=70, speed=260), say("go!", pitch=82, speed=260))


@sound
def greatjob():
    cheer = say("great job!", pitch=75, speed=190)
    claps = add(*[(0.12 * k, clap(30 + k, 0.5)) for k in range(10)])
    return add((0, cheer), (0.4, claps))


@sound
def greyjoy():  # a sour, wobbling trumpet
    wobble = lambda f, s: brass(f, s, 0.8, 0.03)
    return melody([(62, 0.3), (61, 0.3), (None, 0.05), (66, 0.25), (60, 0.8)], wobble)


@sound
def guarantee():
    return sox(say("I guarantee it.", pitch=15, speed=130), "reverb", "20")


@sound
def heygirl():
    words = say("hey girl", pitch=20, speed=95, voice="en-us+m3")
    sparkle = gain(add(*[(0.09 * k, bell_tone(hz(84 + (k % 3) * 4), 0.5)) for k in range(6)]), 0.25)
    return add((0, sparkle), (0.35, words))


@sound
def honk():  # a goose-like horn, twice
    one = lambda: drive(add((0, osc("square", 350, 0.32, 0.5)), (0, osc("square", 438, 0.32, 0.5))), 2)
    return cat(adsr(lowpass(one(), 2200), 0.01, 0.05, 0.9, 0.04), silence(0.12), adsr(lowpass(one(), 2200), 0.01, 0.05, 0.9, 0.04))


@sound
def horn():  # three air-horn blasts
    def blast(seconds):
        tone = add(*[(0, osc("saw", f, seconds, 0.4)) for f in (466, 470, 587)])
        return adsr(drive(lowpass(tone, 3500), 2.5), 0.01, 0.02, 0.9, 0.05)
    return cat(blast(0.22), silence(0.08), blast(0.22), silence(0.08), blast(0.9))


@sound
def horror():  # shrieking strings over a low rumble
    shriek = add(*[(0, osc("saw", lambda t, k=k: 1900 + 300 * k + 500 * t, 1.6, 0.25, vibrato=0.02, vib_rate=9)) for k in range(3)])
    shriek = highpass(adsr(shriek, 0.01, 0.1, 0.7, 0.4), 800)
    rumble = gain(lowpass(noise(2.2, 13), 120), 2.0)
    return sox(add((0, rumble), (0.15, shriek)), "reverb", "70")


@sound
def inconceivable():
    return say("inconceivable!", pitch=55, speed=120, voice="en-gb")


@sound
def letitgo():  # an icy arpeggio that sparkles upwards
    notes = [72, 76, 79, 84, 88, 91, 96]
    ice = add(*[(0.12 * k, bell_tone(hz(m), 0.9 if k < 6 else 1.3, 0.7)) for k, m in enumerate(notes)])
    wind = gain(highpass(lowpass(noise(1.6, 8), 3000), 800), 0.08)
    return sox(add((0, wind), (0, ice)), "reverb", "60")


@sound
def live():
    return drive(say("We will do it live!", pitch=40, speed=200), 2.5)


@sound
def loggins():  # a smooth eighties synth lead
    lead = lambda f, s: gain(lowpass(adsr(osc("saw", f, s, 0.6, vibrato=0.01), 0.02, 0.1, 0.8, 0.1), 2200), 1.0)
    line = [(69, 0.2), (72, 0.2), (76, 0.4), (74, 0.2), (72, 0.2), (74, 0.7)]
    pad = chord([57, 60, 64], 1.9, lambda f, s: adsr(lowpass(osc("saw", f, s, 0.4), 900), 0.3, 0.2, 0.7, 0.3))
    return sox(add((0, pad), (0, melody(line, lead))), "chorus", "0.6", "0.9", "50", "0.4", "0.25", "2", "-t", "reverb", "40")


@sound
def makeitso():
    return sox(say("make it so.", pitch=30, speed=120, voice="en-gb"), "reverb", "25")


@sound
def noooo():
    no = say("nooooooooo!", pitch=45, speed=60)
    return sox(no, "pitch", "-300", "reverb", "50")


@sound
def nyan():  # a bouncy chiptune loop
    line = [(78, 0.1), (80, 0.1), (75, 0.1), (75, 0.05), (None, 0.05), (71, 0.1), (74, 0.1), (73, 0.1), (71, 0.1),
            (71, 0.1), (73, 0.1), (74, 0.1), (74, 0.1), (73, 0.1), (71, 0.1), (73, 0.1), (75, 0.2)]
    bass = melody([(47, 0.2), (59, 0.2)] * 4 + [(52, 0.2)], lambda f, s: chip(f, s, 0.3, "triangle"))
    return add((0, melody(line, lambda f, s: chip(f, s, 0.35))), (0, bass))


@sound
def ohmy():  # a drawn-out, rising "oh my"
    return cat(say("ohhh", pitch=30, speed=80), say("my!", pitch=80, speed=120))


@sound
def ohyeah():
    return cat(say("oh", pitch=10, speed=110), say("yeahhh!", pitch=25, speed=90))


@sound
def pushit():  # a synth bass groove and a whisper
    bass = melody([(40, 0.15), (40, 0.15), (52, 0.15), (40, 0.15), (43, 0.15), (45, 0.15), (40, 0.3)],
                  lambda f, s: lowpass(adsr(osc("saw", f, s, 0.8), 0.005, 0.05, 0.6, 0.03), 700))
    beat = add(*[(k * 0.3, kick(0.9)) for k in range(4)], *[(0.15 + k * 0.3, clap(40 + k, 0.5)) for k in range(4)])
    voice = say("push it", pitch=35, speed=150, voice="en-us+whisper")
    return add((0, bass), (0, beat), (0.25, gain(voice, 0.9)))


@sound
def rimshot():  # ba-dum-tss
    return add((0, tom(170)), (0.16, tom(120)), (0.36, add((0, snare(3, 0.7)), (0, cymbal(4, 1.2, 0.45)))))


@sound
def rollout():  # an engine revving off, and the words
    engine = osc("saw", lambda t: 38 + 30 * min(1.0, t / 1.2) ** 2, 1.8, 0.6, vibrato=0.05, vib_rate=18)
    engine = lowpass(drive(engine, 2), 500)
    return add((0, gain(adsr(engine, 0.1, 0.1, 0.9, 0.3), 0.8)), (0.2, say("rolling out!", pitch=30, speed=150)))


@sound
def rumble():  # the ring bell, then a roaring crowd
    ding = cat(*[bell_tone(hz(86), 0.35) for _ in range(3)])
    crowd = lowpass(adsr(noise(1.6, 21), 0.4, 0.2, 0.8, 0.4), 1400)
    roar = say("rumble!", pitch=20, speed=90)
    return add((0, ding), (0.9, gain(crowd, 0.4)), (1.0, roar))


@sound
def sax():  # a smoky saxophone phrase
    line = [(62, 0.18), (65, 0.18), (67, 0.18), (70, 0.36), (69, 0.18), (67, 0.18), (65, 0.7)]
    return sox(melody(line, lambda f, s: reed(f, s, 0.9, 0.015)), "reverb", "50")


@sound
def secret():  # a rising eight-bit jingle
    notes = [(67, 0.08), (66, 0.08), (63, 0.08), (57, 0.08), (56, 0.08), (64, 0.08), (68, 0.08), (72, 0.3)]
    return melody(notes, lambda f, s: chip(f, s, 0.45))


@sound
def sexyback():  # a slinky beat with a synth stab
    beat = add(*[(k * 0.25, kick(0.9)) for k in (0, 3, 4)], *[(k * 0.25, snare(k, 0.6)) for k in (2, 6)],
               *[(k * 0.125, hat(50 + k)) for k in range(16)])
    stab = chord([52, 55, 59], 0.25, lambda f, s: drive(adsr(osc("saw", f, s, 0.5), 0.005, 0.1, 0.3, 0.05), 3))
    return add((0, beat), (0.0, stab), (1.0, stab), (0.6, say("yeah", pitch=25, speed=120, amp=0.6)))


@sound
def story():
    chime = gain(bell_tone(hz(76), 1.0), 0.4)
    return add((0, say("and now...", pitch=40, speed=110)), (0.9, say("you know.", pitch=35, speed=110)), (1.6, chime))


@sound
def tada():
    pickup = melody([(60, 0.1), (64, 0.1), (67, 0.1)], lambda f, s: brass(f, s, 0.8))
    big = chord([60, 64, 67, 72, 76], 1.1, brass)
    return sox(cat(pickup, big), "reverb", "30")


@sound
def tmyk():  # a shooting star: a glide up and a trail of chimes
    star = adsr(osc("sine", lambda t: 600 * 2 ** (t * 4.5), 0.5, 0.3), 0.02, 0.1, 0.7, 0.1)
    trail = add(*[(0.45 + 0.11 * k, bell_tone(hz(96 - 2 * k), 0.8, 0.5)) for k in range(6)])
    return sox(add((0, star), (0, trail)), "reverb", "70")


@sound
def totes():
    return cat(say("totes!", pitch=80, speed=170), silence(0.05), say("totally.", pitch=70, speed=200, amp=0.8))


@sound
def trololo():  # a cheerful vocalise, one syllable a note
    pitches = [55, 55, 60, 65, 60, 55, 50, 60]
    syllables = ["tro", "lo", "lo", "lo", "lo", "lo", "lo", "loo"]
    out = []
    for syl, p in zip(syllables, pitches):
        out.extend(say(syl, pitch=p, speed=200))
    return out


@sound
def trombone():  # the sad four-note descent
    slide = lambda f, s: tremolo(brass(f, s, 0.9, 0.0), 6, 0.35)
    notes = melody([(58, 0.3), (57, 0.3), (56, 0.3)], slide)
    last = brass(hz(55), 1.1, 0.9, vibrato=0.025)
    return lowpass(cat(notes, last), 1600)


@sound
def unix():  # keyboard clatter and a realisation
    keys = add(*[(0.06 * k + 0.02 * (k % 3), gain(decay(highpass(noise(0.03, 60 + k), 2500), 0.006), 0.5)) for k in range(14)])
    return add((0, keys), (0.7, say("It's Unix. I know this!", pitch=65, speed=180, voice="en-us+f4")))


@sound
def vuvuzela():
    drone = add((0, osc("saw", 233, 2.0, 0.6, vibrato=0.006, vib_rate=3)), (0, osc("saw", 235.5, 2.0, 0.4, vibrato=0.005, vib_rate=4)))
    return drive(adsr(lowpass(drone, 2500), 0.08, 0.1, 0.9, 0.2), 2.5)


@sound
def what():
    return say("what?!", pitch=90, speed=140)


@sound
def whoomp():  # a deep swoop into a clap
    swoop = decay(osc("sine", lambda t: 220 * math.exp(-t * 5) + 40, 0.9, 1.0), 0.4)
    return add((0, swoop), (0.1, say("whoomp!", pitch=20, speed=120, amp=0.8)), (0.75, clap(70, 0.8)), (1.0, clap(71, 0.8)))


@sound
def wups():  # a slide whistle falling, and the word
    whistle = adsr(osc("sine", lambda t: 1800 * 2 ** (-t * 3), 0.6, 0.5, vibrato=0.01), 0.02, 0.05, 0.8, 0.08)
    return add((0, whistle), (0.45, say("wups!", pitch=75, speed=170)))


@sound
def yay():
    cheer = say("yaaay!", pitch=95, speed=110, voice="en-us+f5")
    crowd = lowpass(adsr(noise(1.2, 90), 0.05, 0.2, 0.6, 0.5), 2000)
    return add((0, gain(crowd, 0.35)), (0, cheer), (0.1, resample(cheer, 1.12)))


@sound
def yeah():  # a shouted yeah and a screaming guitar chord
    chord_ = drive(add(*[(0, osc("saw", hz(m), 1.6, 0.3, vibrato=0.004)) for m in (52, 59, 64)]), 6)
    guitar = adsr(lowpass(chord_, 3000), 0.005, 0.2, 0.7, 0.5)
    return add((0, gain(guitar, 0.6)), (0, say("yeeaaaah!", pitch=40, speed=110)))


@sound
def yodel():  # a voice leaping between chest and head
    out = []
    for syl, p in [("yo", 30), ("de", 85), ("lay", 35), ("ee", 90), ("hoo", 40)]:
        out.extend(say(syl, pitch=p, speed=180))
    return sox(out, "reverb", "50")


# ---------------------------------------------------------------- main


def main(names):
    for tool in ("espeak-ng", "sox", "lame"):
        if not shutil.which(tool):
            sys.exit(f"generate.py needs {tool} (Debian: apt-get install espeak-ng sox lame)")
    unknown = [x for x in names if x not in SOUNDS]
    if unknown:
        sys.exit(f"unknown sound(s): {' '.join(unknown)}")
    assert len(SOUNDS) == 56, len(SOUNDS)
    try:
        for name in names or sorted(SOUNDS):
            encode(name, SOUNDS[name]())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
