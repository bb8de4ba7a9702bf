// Per-browser preferences (theme, time zone display) kept in localStorage.
export function get(key) {
    try { return window.localStorage.getItem(key); } catch { return null; }
}

export function set(key, value) {
    try { window.localStorage.setItem(key, value); } catch { /* private mode: keep the choice for this page only */ }
}

// The browser's IANA time zone, so the server shows times as the user's clock does.
export function timeZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch { return "UTC"; }
}
