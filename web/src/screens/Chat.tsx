// The signed-in app: the sidebar and one page (a room, settings, search, profile, account, a
// person), over one WebSocket connection. Keeps the sidebar live (per-user events), the app badge,
// the account's custom CSS, and catches up after the socket or the tab was away.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Icon } from "../components/Icon";
import { Sidebar, roomName } from "../components/Sidebar";
import { get } from "../lib/api";
import { Cable, type CableEvent } from "../lib/cable";
import { EMPTY_SIDEBAR as EMPTY, applySidebarEvent, isSidebarEvent, type SidebarData } from "../lib/sidebar";
import { navigate, usePath } from "../lib/navigation";
import type { Features, Room, User } from "../lib/types";
import { AccountView } from "./AccountView";
import { ProfileView } from "./ProfileView";
import { RoomSettings } from "./RoomSettings";
import { RoomView } from "./RoomView";
import { SearchView } from "./SearchView";
import { UserCard } from "./UserCard";

const HIDDEN_CATCH_UP_MS = 60_000;

export function Chat(props: { me: User; onSignedOut: () => void }) {
  const [me, setMe] = useState(props.me);
  const path = usePath();
  const [sidebar, setSidebar] = useState<SidebarData>(EMPTY);
  const [cable, setCable] = useState<Cable | null>(null);
  const [online, setOnline] = useState(true);
  const [features, setFeatures] = useState<Record<string, boolean>>({});
  const [menuOpen, setMenuOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  // Live events that arrive while a reload is in flight may be newer than what it returns (a room
  // added after the server read the sidebar): each reload collects them and replays them on top.
  const inFlight = useRef(new Set<CableEvent[]>());
  const loadSidebar = useCallback(async (): Promise<SidebarData> => {
    const arrived: CableEvent[] = [];
    inFlight.current.add(arrived);
    let data: SidebarData;
    try {
      try {
        data = await get<SidebarData>("/users/me/sidebar");
      } catch {
        const { rooms } = await get<{ rooms: Room[] }>("/rooms");
        data = { ...EMPTY, shared_rooms: rooms.filter((r) => r.type !== "direct"), direct_rooms: rooms.filter((r) => r.type === "direct") };
      }
    } finally {
      inFlight.current.delete(arrived);
    }
    data = arrived.reduce((s, event) => applySidebarEvent(s, event, currentRoomId()), data);
    setSidebar(data);
    return data;
  }, []);

  const loadFeatures = useCallback(async () => {
    const f = await get<Features>("/api/features");
    setFeatures(Object.fromEntries(Object.entries(f.features).map(([k, v]) => [k, v.enabled])));
    return f;
  }, []);

  useEffect(() => {
    let socket: Cable | null = null;
    void (async () => {
      const [f] = await Promise.all([loadFeatures(), loadSidebar()]);
      socket = new Cable(f.cable_url);
      socket.onStatus((up) => {
        setOnline(up);
        if (up) void loadSidebar(); // per-user events are not replayed
      });
      socket.connect();
      setCable(socket);
    })();
    const timer = setInterval(() => void loadFeatures().catch(() => undefined), 60_000);
    return () => {
      clearInterval(timer);
      socket?.close();
    };
  }, [loadFeatures, loadSidebar]);

  // After the tab was hidden for over a minute, reload what per-user events may have missed.
  useEffect(() => {
    let hiddenAt = 0;
    const onVisibility = () => {
      if (document.hidden) hiddenAt = Date.now();
      else if (hiddenAt && Date.now() - hiddenAt > HIDDEN_CATCH_UP_MS) void loadSidebar();
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, [loadSidebar]);

  useEffect(() => {
    if (!cable) return;
    return cable.on((event: CableEvent) => {
      if (!isSidebarEvent(event)) return;
      for (const arrived of inFlight.current) arrived.push(event);
      setSidebar((s) => applySidebarEvent(s, event, currentRoomId()));
    });
  }, [cable]);

  // The app badge counts unread rooms (installed app).
  const unreadCount = sidebar.shared_rooms.filter((r) => r.unread).length + sidebar.direct_rooms.filter((r) => r.unread).length;
  useEffect(() => {
    const nav = navigator as Navigator & { setAppBadge?: (n: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
    if (unreadCount > 0) void nav.setAppBadge?.(unreadCount).catch(() => undefined);
    else void nav.clearAppBadge?.().catch(() => undefined);
  }, [unreadCount]);

  // The account's custom CSS, in a <style> of its own.
  useEffect(() => {
    void get<{ account: { custom_styles?: string } }>("/account").then(({ account }) => {
      let style = document.getElementById("custom-styles");
      if (!style) {
        style = document.createElement("style");
        style.id = "custom-styles";
        document.head.append(style);
      }
      style.textContent = account.custom_styles ?? "";
    });
  }, []);

  const rooms = useMemo(() => [...sidebar.direct_rooms, ...sidebar.shared_rooms], [sidebar]);
  const roomMatch = path.match(/^\/rooms\/(\d+)(?:\/@(\d+))?$/);
  const settingsMatch = path.match(/^\/rooms\/(\d+)\/settings$/);
  const userMatch = path.match(/^\/users\/(\d+)$/);
  const roomParam = roomMatch?.[1];
  const current = useMemo(() => {
    const id = roomParam ? Number(roomParam) : sidebar.shared_rooms[0]?.id ?? sidebar.direct_rooms[0]?.id;
    return rooms.find((r) => r.id === id);
  }, [roomParam, rooms, sidebar]);
  // A room we were sent to but do not list yet (just created, or just granted): reload once. Still
  // not there: it does not exist or we are not in it (the server says the same 404 for both), so
  // go to the first room and say so.
  const reloadedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (roomParam && !current && cable && reloadedFor.current !== roomParam) {
      reloadedFor.current = roomParam;
      void loadSidebar().then((data) => {
        const listed = [...data.direct_rooms, ...data.shared_rooms].some((r) => r.id === Number(roomParam));
        if (listed || !location.pathname.startsWith(`/rooms/${roomParam}`)) return;
        setNotice("That room does not exist, or you are not in it.");
        navigate("/", true);
      });
    }
  }, [roomParam, current, cable, loadSidebar]);
  useEffect(() => {
    if (roomParam) return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice, roomParam]);

  let page;
  if (path === "/rooms/new") page = <RoomSettings me={me} />;
  else if (settingsMatch) page = <RoomSettings key={settingsMatch[1]} me={me} roomId={Number(settingsMatch[1])} />;
  else if (path === "/searches" && features.search !== false) page = <SearchView />;
  else if (path === "/users/me/profile") page = <ProfileView onSignedOut={props.onSignedOut} onChanged={setMe} />;
  else if (path === "/account/edit") page = <AccountView me={me} />;
  else if (userMatch) page = <UserCard key={userMatch[1]} me={me} userId={Number(userMatch[1])} />;
  else if (current && cable)
    page = (
      <RoomView
        key={current.id}
        room={current}
        title={roomName(current, me)}
        me={me}
        cable={cable}
        online={online}
        features={features}
        target={roomMatch?.[2] ? Number(roomMatch[2]) : undefined}
      />
    );
  else page = <main className="room room--empty">{rooms.length || !cable ? "" : "No rooms yet"}</main>;

  return (
    <div className="chat">
      <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-label="Rooms menu" onClick={() => setMenuOpen((o) => !o)}>
        <Icon name="menu" />
      </button>
      <Sidebar data={sidebar} me={me} currentId={current?.id} open={menuOpen} onClose={() => setMenuOpen(false)} />
      {notice && (
        <p className="notice" role="status">
          {notice}
          <button type="button" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </p>
      )}
      {page}
    </div>
  );
}

// The room on screen, read from the address (the handlers above outlive renders).
function currentRoomId(): number | undefined {
  const m = location.pathname.match(/^\/rooms\/(\d+)/);
  return m ? Number(m[1]) : undefined;
}
