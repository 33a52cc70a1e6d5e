// The sounds plugin's list (GET /sounds), fetched once, and playback.
import { get } from "./api";

export interface SoundInfo {
  name: string;
  text?: string;
  image?: { url: string; width: number; height: number };
  url: string;
}

let cached: Promise<Map<string, SoundInfo>> | null = null;

export function loadSounds(): Promise<Map<string, SoundInfo>> {
  cached ??= get<{ sounds: SoundInfo[] }>("/sounds")
    .then((r) => new Map(r.sounds.map((s) => [s.name, s])))
    .catch(() => {
      cached = null;
      return new Map<string, SoundInfo>();
    });
  return cached;
}

export function play(sound: SoundInfo): void {
  void new Audio(sound.url).play().catch(() => undefined); // autoplay may be refused before a click
}
