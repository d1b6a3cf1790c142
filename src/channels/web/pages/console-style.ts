/**
 * The console's own rules, on top of app.css: cards that never overflow a phone, actions a
 * thumb reaches, and a bar at the bottom of a phone's screen to filter and refresh the list.
 */
export const CONSOLE_CSS = String.raw`
.card { overflow-wrap: anywhere; min-width: 0; }
.card ul { padding-left: 1.2rem; margin: 0.25rem 0; }
.ticket .question { font-size: 1.05rem; font-weight: 600; margin: 0.35rem 0; }
.ticket .claim { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.35rem 0; }
.badge.mine { background: #e3f4e8; color: var(--ok); }
.badge.taken { background: #fff4d6; color: #7a5300; }
.suggestion-note { margin: 0.25rem 0 0; }
.desk-bar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.desk-bar .filters { display: inline-flex; border: 1px solid var(--accent); border-radius: 0.4rem; overflow: hidden; }
.desk-bar .filters button { border: 0; border-radius: 0; background: #fff; color: var(--accent); }
.desk-bar .filters button[aria-pressed="true"] { background: var(--accent); color: #fff; }
@media (max-width: 40rem) {
  header, main { padding: 0.5rem 0.75rem; }
  .card { padding: 0.75rem; }
  .ticket .row button, .ticket .claim button { flex: 1 1 100%; min-height: 2.75rem; }
  .ticket textarea { min-height: 9rem; }
  #search-form input { flex: 1 1 10rem; }
  /* The list's controls sit where a thumb reaches: a bar along the bottom of the screen. */
  main { padding-bottom: 5rem; }
  .desk-bar { position: fixed; left: 0; right: 0; bottom: 0; z-index: 2; margin: 0; background: #fff; border-top: 1px solid var(--line);
    padding: 0.5rem 0.75rem calc(0.5rem + env(safe-area-inset-bottom)); justify-content: space-between; }
  .desk-bar button { min-height: 2.75rem; }
  .desk-bar .filters { flex: 1; }
  .desk-bar .filters button { flex: 1; padding: 0.45rem 0.3rem; }
}
`;
