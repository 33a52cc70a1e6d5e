// Our own line icons, drawn inline as SVG on a 20×20 grid in the text colour. Emoji glyphs depend
// on the fonts a system has (a headless or minimal Linux shows empty boxes), these do not.
import type { ReactNode } from "react";

export type IconName = "search" | "bell" | "bell-off" | "eye-off" | "speaker" | "menu" | "gear";

const BELL = (
  <>
    <path d="M5 13.5V9a5 5 0 0 1 10 0v4.5l1.5 2h-13z" />
    <path d="M8.3 17.5a1.8 1.8 0 0 0 3.4 0" />
  </>
);
const SLASH = <path d="M3 3l14 14" />; // "off"

const SHAPES: Record<IconName, ReactNode> = {
  search: (
    <>
      <circle cx="8.5" cy="8.5" r="5.5" />
      <path d="M12.6 12.6 17 17" />
    </>
  ),
  bell: BELL,
  "bell-off": (
    <>
      {BELL}
      {SLASH}
    </>
  ),
  "eye-off": (
    <>
      <path d="M2 10s3-5.5 8-5.5 8 5.5 8 5.5-3 5.5-8 5.5S2 10 2 10z" />
      <circle cx="10" cy="10" r="2.5" />
      {SLASH}
    </>
  ),
  speaker: (
    <>
      <path d="M3 7.5h3l4-3.5v12l-4-3.5H3z" />
      <path d="M13 7.5a3.5 3.5 0 0 1 0 5M15.3 5.2a6.8 6.8 0 0 1 0 9.6" />
    </>
  ),
  menu: <path d="M3 5.5h14M3 10h14M3 14.5h14" />,
  gear: (
    <>
      <circle cx="10" cy="10" r="2.6" />
      <path d="M10 2.5v2.2M10 15.3v2.2M2.5 10h2.2M15.3 10h2.2M4.7 4.7l1.6 1.6M13.7 13.7l1.6 1.6M4.7 15.3l1.6-1.6M13.7 6.3l1.6-1.6" />
      <circle cx="10" cy="10" r="5.2" />
    </>
  ),
};

export function Icon(props: { name: IconName }) {
  return (
    <svg
      className="svg-icon"
      viewBox="0 0 20 20"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {SHAPES[props.name]}
    </svg>
  );
}
