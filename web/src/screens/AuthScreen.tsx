// First run, sign-in and the join page share one form.
import { useState, type FormEvent } from "react";
import { ApiError, post } from "../lib/api";

type Mode = "first-run" | "sign-in" | "join";

const TITLES: Record<Mode, string> = {
  "first-run": "Set up Campfire",
  "sign-in": "Sign in",
  join: "Join Campfire",
};

export function AuthScreen(props: { mode: Mode; joinCode?: string; onSignedIn: () => void }) {
  const { mode } = props;
  const [name, setName] = useState("");
  const [email, setEmail] = useState(new URLSearchParams(location.search).get("email_address") ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const user = { name, email_address: email, password };
      if (mode === "first-run") await post("/first_run", { user });
      else if (mode === "join") await post(`/join/${encodeURIComponent(props.joinCode ?? "")}`, { user });
      else await post("/session", { email_address: email, password });
      props.onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Something went wrong.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <form className={`auth__form${error ? " auth__form--shake" : ""}`} onSubmit={submit}>
        <h1>{TITLES[mode]}</h1>
        {mode !== "sign-in" && (
          <label>
            Name
            <input name="name" autoComplete="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
        )}
        <label>
          Email address
          <input name="email_address" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
            required
            minLength={mode === "sign-in" ? undefined : 8}
            maxLength={72}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="auth__error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {mode === "sign-in" ? "Sign in" : mode === "join" ? "Join" : "Create account"}
        </button>
      </form>
    </main>
  );
}
