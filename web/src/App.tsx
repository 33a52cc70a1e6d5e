// Decides what to show: first run, sign-in, the join page, a transfer link, or the chat.
import { useCallback, useEffect, useState } from "react";
import { ApiError, get } from "./lib/api";
import { navigate, usePath } from "./lib/navigation";
import type { User } from "./lib/types";
import { AuthScreen } from "./screens/AuthScreen";
import { Chat } from "./screens/Chat";

type State = { kind: "loading" } | { kind: "signed-out"; firstRun: boolean } | { kind: "signed-in"; me: User };

export function App() {
  const path = usePath();
  const [state, setState] = useState<State>({ kind: "loading" });

  const load = useCallback(async () => {
    try {
      const { user } = await get<{ user: User }>("/users/me/profile");
      setState({ kind: "signed-in", me: user });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      const { needed } = await get<{ needed: boolean }>("/first_run");
      setState({ kind: "signed-out", firstRun: needed });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (state.kind === "loading") return <div className="splash" aria-busy="true" />;
  if (state.kind === "signed-out") {
    const join = path.match(/^\/join\/([^/]+)$/);
    const mode = state.firstRun ? "first-run" : join ? "join" : "sign-in";
    return (
      <AuthScreen
        mode={mode}
        joinCode={join?.[1]}
        onSignedIn={() => {
          if (path.startsWith("/join/") || path === "/first_run" || path === "/session/new") navigate("/", true);
          void load();
        }}
      />
    );
  }
  return <Chat me={state.me} onSignedOut={() => void load()} />;
}
